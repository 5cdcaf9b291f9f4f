import path from 'node:path';
import { readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';

/**
 * The sandbox page's front-end build: client.ts (with render.ts and the emoji data) bundled by esbuild into one script for the
 * browser. `npm run sandbox` and CI run it (`npm run sandbox:build`); the page's server only serves the result.
 */

export const WEB_SOURCE_DIR = __dirname;
export const WEB_BUILD_DIR = path.join(__dirname, 'dist');
export const WEB_BUNDLE = path.join(WEB_BUILD_DIR, 'app.js');

/** emoji-datasource's emoji.json trimmed to what emoji.ts reads (short names and code points): 1.3 MB → about 60 kB. */
const trimmedEmoji: Plugin = {
  name: 'trimmed-emoji-datasource',
  setup(b) {
    b.onLoad({ filter: /emoji-datasource[\\/]emoji\.json$/ }, (args) => {
      const all = JSON.parse(readFileSync(args.path, 'utf8')) as Array<{ unified: string; short_names: string[] }>;
      return { contents: JSON.stringify(all.map((e) => ({ unified: e.unified, short_names: e.short_names }))), loader: 'json' };
    });
  },
};

export async function buildSandboxWeb(outfile = WEB_BUNDLE): Promise<void> {
  await build({
    entryPoints: [path.join(WEB_SOURCE_DIR, 'client.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    sourcemap: true,
    outfile,
    logLevel: 'warning',
    plugins: [trimmedEmoji],
  });
}

if (require.main === module) {
  buildSandboxWeb().then(
    () => console.log(`sandbox page built: ${path.relative(process.cwd(), WEB_BUNDLE)}`),
    (err: Error) => {
      console.error(`npm run sandbox:build failed: ${err.message}`);
      process.exit(1);
    },
  );
}
