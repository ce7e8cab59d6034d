// Validates a Teams app manifest offline against the schema @microsoft/app-manifest ships for its manifestVersion.
// Usage: node validate-teams-manifest.js <manifest.json | app-package.zip's extracted manifest.json>
// Prints {"errors":[...]} and exits 0 when valid, 1 when not, 2 on a usage or read error.
'use strict';
const fs = require('fs');
const { AppManifestUtils } = require('@microsoft/app-manifest/build/generated-types');

async function main() {
  const file = process.argv[2];
  if (!file) { console.error('usage: node validate-teams-manifest.js <manifest.json>'); process.exit(2); }
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const version = manifest.manifestVersion;
  const schemaFile = require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  console.log(JSON.stringify({ manifestVersion: version, errors }));
  process.exit(errors.length === 0 ? 0 : 1);
}

main().catch(e => { console.error(e && e.stack || String(e)); process.exit(2); });
