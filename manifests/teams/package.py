#!/usr/bin/env python3
"""Writes the Teams app package (a zip of manifest.json, its language files, color.png and outline.png) with the
configured app id.

    python3 manifests/teams/package.py [--app-id GUID] [--domain host] [--version 1.0.0] [--out path.zip]

The app id comes from --app-id, else the environment's Teams__MicrosoftAppId (the host's own setting), else
Teams:MicrosoftAppId in src/PartnerBot.Host/appsettings.json. It fills both the app's id and the bot's id (one Entra
app, as Teams' own templates do). --domain replaces the placeholder domain in the developer URLs and validDomains.
Upload the zip in Teams (Apps > Manage your apps > Upload an app) or the Teams Developer Portal.
"""
import argparse
import json
import os
import re
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
PLACEHOLDER_DOMAIN = "partnerbot.example.com"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def configured_app_id():
    if os.environ.get("Teams__MicrosoftAppId"):
        return os.environ["Teams__MicrosoftAppId"], "the environment (Teams__MicrosoftAppId)"
    settings = os.path.join(ROOT, "src", "PartnerBot.Host", "appsettings.json")
    if os.path.exists(settings):
        with open(settings, encoding="utf-8-sig") as f:
            value = (json.load(f).get("Teams") or {}).get("MicrosoftAppId")
        if value:
            return value, settings
    return None, None


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--app-id", help="the bot's Microsoft App id (Teams:MicrosoftAppId)")
    p.add_argument("--domain", help="the host name the bot is served from, for validDomains and the developer URLs")
    p.add_argument("--version", help="the app version, e.g. 1.0.1 (Teams wants it raised on every upload)")
    p.add_argument("--out", default=os.path.join(ROOT, "artifacts", "teams", "partnerbot-teams.zip"))
    args = p.parse_args(argv)

    app_id, source = (args.app_id, "--app-id") if args.app_id else configured_app_id()
    if not app_id:
        raise SystemExit("No app id: pass --app-id, or set Teams__MicrosoftAppId, or Teams:MicrosoftAppId in appsettings.json.")
    if not GUID.match(app_id) or app_id == PLACEHOLDER_ID:
        raise SystemExit(f"The app id from {source} is not an app GUID: {app_id!r}")

    with open(os.path.join(HERE, "manifest.json"), encoding="utf-8") as f:
        text = f.read()
    text = text.replace(PLACEHOLDER_ID, app_id.lower())
    if args.domain:
        if not re.match(r"^[A-Za-z0-9.-]+(:[0-9]+)?$", args.domain):
            raise SystemExit(f"--domain must be a host name, not a URL: {args.domain!r}")
        text = text.replace(PLACEHOLDER_DOMAIN, args.domain)
    manifest = json.loads(text)
    if args.version:
        manifest["version"] = args.version

    for name, size in (("color.png", 192), ("outline.png", 32)):
        w, h = png_size(os.path.join(HERE, name))
        if (w, h) != (size, size):
            raise SystemExit(f"{name} is {w}x{h}; Teams needs {size}x{size}. Run make_icons.py.")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        z.write(os.path.join(HERE, "color.png"), "color.png")
        z.write(os.path.join(HERE, "outline.png"), "outline.png")
        # The manifest in Malay, Chinese and Polish: Teams picks the file for the person's client language.
        for language in (manifest.get("localizationInfo") or {}).get("additionalLanguages", []):
            z.write(os.path.join(HERE, language["file"]), language["file"])
    print(f"wrote {args.out} for app {app_id.lower()} (from {source})")


if __name__ == "__main__":
    sys.exit(main())
