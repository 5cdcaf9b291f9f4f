import path from 'node:path';
import { build } from 'esbuild';

/**
 * The sandbox page's front-end build: client.js (with render.ts) bundled by esbuild into one script for the
 * browser. `npm run sandbox` and CI run it (`npm run sandbox:build`); the page's server only serves the result.
 */

export const WEB_SOURCE_DIR = __dirname;
export const WEB_BUILD_DIR = path.join(__dirname, 'dist');
export const WEB_BUNDLE = path.join(WEB_BUILD_DIR, 'app.js');

export async function buildSandboxWeb(outfile = WEB_BUNDLE): Promise<void> {
  await build({
    entryPoints: [path.join(WEB_SOURCE_DIR, 'client.js')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    sourcemap: true,
    outfile,
    logLevel: 'warning',
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
