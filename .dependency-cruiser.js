/**
 * Dependency rules, checked in CI by `npm run check:deps` (tools/check-deps.mjs, through dependency-cruiser's API).
 * Extend `forbidden` with further rules; each names what it protects.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'src-not-to-tools',
      comment:
        'The app (src/) must not import the sandbox, the Slack stand-in or any other tool (tools/): the production build holds src/ only.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^tools/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
