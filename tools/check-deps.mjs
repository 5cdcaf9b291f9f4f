// `npm run check:deps`: the dependency rules of .dependency-cruiser.js over src/, tools/, bench/ and test/support/
// (through dependency-cruiser's API: its CLI refuses Node 20, which this project supports), and a source check for
// what an import graph cannot show: models are defined and collections reached only in model files.
// Exit 1 on any violation, with one line each saying what to do.
// `--root <dir>` checks another tree (the rule's own test runs it on fixtures).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
if (rootAt >= 0) process.chdir(path.resolve(args[rootAt + 1]));
const config = require('../.dependency-cruiser.js');
const ROOTS = ['src', 'tools', 'bench', 'test/support'].filter((r) => existsSync(r));

/** A model file: `model.ts` or `<something>-model.ts`. Only these define mongoose models or reach collections. */
const MODEL_FILE = /(^|\/)([a-z0-9-]+-)?model\.ts$/;
const SOURCE_RULES = [
  {
    name: 'model-outside-model-file',
    test: (text) =>
      /\bmongoose\.model\s*[<(]/.test(text) ||
      (/import\s*\{[^}]*\bmodel\b[^}]*\}\s*from\s*'mongoose'/.test(text) && /\bmodel\s*[<(]/.test(text)),
    message: 'defines a mongoose model outside a model file: move the schema and model( ) into model.ts or <name>-model.ts of its feature',
  },
  {
    name: 'collection-outside-model-file',
    test: (text) => /\.collection\s*\(/.test(text),
    message: 'reaches a collection with .collection( ) outside a model file: add a function to the owning feature that uses its model',
  },
];

/**
 * Files that reach collections with the driver on purpose, and why. Not features' code: a bench measuring what the
 * app adds over the driver itself, or the database server alone.
 */
const DRIVER_FLOORS = new Map([
  [path.join('bench', 'import-step.ts'), 'the import apply floor: the same documents inserted again by the driver in one call'],
  [path.join('bench', 'heartbeat-probe.ts'), "the embedded server's own behaviour under scans, with no app in between"],
]);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (entry === 'node_modules' || file.startsWith(path.join('tools', 'sandbox', 'web'))) continue;
    if (statSync(file).isDirectory()) yield* sourceFiles(file);
    else if (/\.(ts|mjs|js)$/.test(entry) && !/\.d\.ts$/.test(entry)) yield file;
  }
}

const problems = [];
for (const root of ROOTS) {
  for (const file of sourceFiles(root)) {
    if (MODEL_FILE.test(file) || file === path.join('tools', 'check-deps.mjs')) continue;
    const text = readFileSync(file, 'utf8');
    for (const rule of SOURCE_RULES) {
      if (rule.name === 'collection-outside-model-file' && DRIVER_FLOORS.has(file)) continue;
      if (rule.test(text)) problems.push(`${rule.name}: ${file} ${rule.message}`);
    }
  }
}

const options = { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } };
if (!existsSync(options.tsConfig?.fileName ?? '')) delete options.tsConfig;
const result = await cruise(ROOTS, options);
for (const v of result.output.summary.violations.filter((x) => x.rule.severity === 'error')) {
  const rule = config.forbidden.find((r) => r.name === v.rule.name);
  problems.push(`${v.rule.name}: ${v.from} → ${v.to}${rule?.comment ? ` (${rule.comment})` : ''}`);
}

for (const p of problems) console.error(p);
if (problems.length) {
  console.error(
    `check:deps: ${problems.length} forbidden dependenc${problems.length === 1 ? 'y' : 'ies'} (rules in .dependency-cruiser.js and tools/check-deps.mjs; see ARCHITECTURE.md)`,
  );
  process.exit(1);
}
console.log(`check:deps: ${result.output.summary.totalCruised} modules in ${ROOTS.join(', ')}, no forbidden dependency`);
