// `npm run check:deps`: the rules of .dependency-cruiser.js over src/ (and what it imports), through
// dependency-cruiser's API (its CLI refuses Node 20, which this project supports). Exit 1 on any violation.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.js');
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['src'];

const result = await cruise(roots, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } });
const violations = result.output.summary.violations.filter((v) => v.rule.severity === 'error');
for (const v of violations) console.error(`${v.rule.name}: ${v.from} → ${v.to}`);
if (violations.length) {
  console.error(
    `check:deps: ${violations.length} forbidden dependenc${violations.length === 1 ? 'y' : 'ies'} (rules in .dependency-cruiser.js)`,
  );
  process.exit(1);
}
console.log(`check:deps: ${result.output.summary.totalCruised} modules, no forbidden dependency`);
