// Validates a Teams app manifest offline against the schema @microsoft/app-manifest ships for its manifestVersion.
// Usage: node validate-teams-manifest.js <manifest.json | a language file such as pl-pl.json>
// Prints {"errors":[...]} and exits 0 when valid, 1 when not, 2 on a usage or read error.
'use strict';
const fs = require('fs');
const { AppManifestUtils } = require('@microsoft/app-manifest/build/generated-types');

// A language file is checked as the package checks a manifest (draft-04, every error), with one difference: the
// published language schema has a key pattern ("...\\b]\\.description") that is not a valid Unicode regular
// expression, so patterns are compiled without the u flag, as a JSON Schema validator in a browser would.
function validateLanguageFile(file, schema) {
  const from = { paths: [require('path').dirname(require.resolve('@microsoft/app-manifest/package.json'))] };
  const Ajv = require(require.resolve('ajv-draft-04', from));
  const addFormats = require(require.resolve('ajv-formats', from));
  const ajv = new (Ajv.default || Ajv)({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  (addFormats.default || addFormats)(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  return validate(file) ? [] : validate.errors.map(e => `${e.instancePath} ${e.message || ''}. Details: ${JSON.stringify(e.params)}`);
}

async function main() {
  const file = process.argv[2];
  if (!file) { console.error('usage: node validate-teams-manifest.js <manifest.json>'); process.exit(2); }
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  // A language file (name.short, bots[0]...title) names its schema and version in $schema; a manifest in manifestVersion.
  const localization = /\/v([0-9.]+)\/MicrosoftTeams\.Localization\.schema\.json$/.exec(manifest.$schema || '');
  const version = localization ? localization[1] : manifest.manifestVersion;
  const schemaName = localization ? 'MicrosoftTeams.Localization.schema.json' : 'MicrosoftTeams.schema.json';
  const schemaFile = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/${schemaName}`);
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const errors = localization ? validateLanguageFile(manifest, schema) : await AppManifestUtils.validateAgainstSchema(manifest, schema);
  console.log(JSON.stringify({ manifestVersion: version, errors }));
  process.exit(errors.length === 0 ? 0 : 1);
}

main().catch(e => { console.error(e && e.stack || String(e)); process.exit(2); });
