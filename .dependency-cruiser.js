/**
 * Dependency rules, checked in CI by `npm run check:deps` (tools/check-deps.mjs, through dependency-cruiser's API,
 * plus a source check for what an import graph cannot show). ARCHITECTURE.md explains the layers.
 *
 * - foundation (below every feature): src/config.ts, logger.ts, errors.ts, deadline.ts, src/db/, src/domain/,
 *   src/events/, src/slack/, src/cli/
 * - src/reconcile/ (the reconcile step) reads features through their index; src/scheduled.ts hands it to the
 *   scheduler as a nightly job: not a layer of its own yet
 * - features: every folder of src/ with a feature.ts (its Slack surface) and an index.ts (its API)
 * - the app (above the features): src/app.ts, features.ts, scheduled.ts, main.ts and src/seed/, src/jobs/
 *
 * A feature is reached only through its index.ts; its feature.ts only from the app or another feature's
 * feature.ts. tools/, bench/ and test/support/ follow the same rule as the app.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const fs = require('node:fs');
const path = require('node:path');

const src = path.join(process.cwd(), 'src');
/** The feature folders: those with a feature.ts. */
const FEATURES = fs
  .readdirSync(src, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(src, d.name, 'feature.ts')))
  .map((d) => d.name);
const F = `(${FEATURES.join('|') || '(?!)'})`;
const FOUNDATION = '^src/((config|logger|errors|deadline)\\.ts$|(db|domain|events|slack|cli)/)';
const APP = '^src/((app|features|main|scheduled)\\.ts$|(seed|jobs)/)';

module.exports = {
  FEATURES,
  forbidden: [
    {
      name: 'src-not-to-tools',
      comment:
        'The app (src/) must not import the sandbox, the Slack stand-in or any other tool (tools/): the production build holds src/ only.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^tools/' },
    },
    {
      name: 'feature-past-index',
      comment:
        "A feature reaches another feature only through its index.ts (its API: functions, types, views, ids), never its model or any other file. Export what you need from that feature's index.ts.",
      severity: 'error',
      from: { path: `^src/${F}/` },
      to: { path: `^src/${F}/`, pathNot: [`^src/$1/`, `^src/${F}/(index|feature)\\.ts$`] },
    },
    {
      name: 'outside-past-index',
      comment:
        "The app, tools/, bench/ and test/support/ reach a feature through its index.ts (or its feature.ts, the Slack surface), never its model or any other file. Export what you need from that feature's index.ts.",
      severity: 'error',
      from: { path: `${APP}|^(tools|bench|test/support)/` },
      to: { path: `^src/${F}/`, pathNot: `^src/${F}/(index|feature)\\.ts$` },
    },
    {
      name: 'feature-surface-from-app',
      comment:
        "A feature's feature.ts (its subcommands and listeners) is registered by the app (src/features.ts, app.ts); only another feature's feature.ts may use it too. Other code imports the feature's index.ts.",
      severity: 'error',
      from: { path: `^src/${F}/`, pathNot: `^src/${F}/feature\\.ts$` },
      to: { path: `^src/${F}/feature\\.ts$`, pathNot: '^src/$1/' },
    },
    {
      name: 'foundation-below-features',
      comment: 'config, logger, errors, db, domain, events, slack and cli sit below the features: they import no feature and not the app.',
      severity: 'error',
      from: { path: FOUNDATION },
      to: { path: `^src/${F}/|${APP}` },
    },
    {
      name: 'features-below-app',
      comment: 'Features sit below the app: they never import app.ts, features.ts, main.ts, the seed or the jobs.',
      severity: 'error',
      from: { path: `^src/${F}/` },
      to: { path: APP },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|^tools/sandbox/web/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
