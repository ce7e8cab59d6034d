// Type-checks rendered Block Kit against Slack's own TypeScript types (@slack/types) with tsc --noEmit.
// Usage: node slack-blockkit-check.mjs <folder>   — every <name>.<message|modal|home>.json in the folder is wrapped
// in a .ts module whose value `satisfies` the matching type, with blocks narrowed to KnownBlock[] (a plain View
// would accept any block). Exit 0 when every file type-checks; otherwise tsc's errors name the files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const input = process.argv[2];
if (!input) {
  console.error('usage: node slack-blockkit-check.mjs <folder with *.message.json, *.modal.json, *.home.json>');
  process.exit(2);
}

const shapes = {
  message: "{ text?: string; blocks: KnownBlock[] }",
  modal: "Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] }",
  home: "Omit<HomeView, 'blocks'> & { blocks: KnownBlock[] }",
};

// The modules live under this folder so that `@slack/types` resolves from tools/peers/node_modules.
const work = mkdtempSync(join(here, '.blockkit-check-'));
try {
  const files = readdirSync(input).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no *.json files in ${input}`);
  for (const file of files) {
    const kind = file.split('.').at(-2);
    const shape = shapes[kind];
    if (!shape) throw new Error(`${file}: name it <name>.message.json, <name>.modal.json or <name>.home.json`);
    const json = JSON.stringify(JSON.parse(readFileSync(join(input, file), 'utf8')), null, 2);
    writeFileSync(join(work, file.replace(/\.json$/, '.ts')),
      `import type { KnownBlock, ModalView, HomeView } from '@slack/types';\n` +
      `export const rendered = ${json} satisfies ${shape};\n`);
  }
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [] },
    include: ['*.ts'],
  }));
  const tsc = join(here, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', work], { stdio: 'pipe', encoding: 'utf8' });
    console.log(`ok: ${files.length} Block Kit payloads type-check against @slack/types`);
  } catch (e) {
    process.stdout.write(e.stdout ?? '');
    process.stderr.write(e.stderr ?? '');
    process.exitCode = 1; // not process.exit(): the finally below must still remove the work folder
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
