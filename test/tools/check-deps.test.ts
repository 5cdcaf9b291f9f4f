import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The dependency rule (`npm run check:deps`, run by .ci/run) on small trees: a clean one passes, and each kind of
 * violation fails with the rule's name and the files involved.
 */

const run = promisify(execFile);
const CHECKER = path.join(__dirname, '../../tools/check-deps.mjs');
const roots: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'check-deps-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function check(root: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CHECKER, '--root', root]);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/** Two features (a, b) the way the app builds them, and the foundation and app layers. */
const CLEAN: Record<string, string> = {
  'src/errors.ts': 'export const oops = 1;\n',
  'src/a/model.ts': "import { model, Schema } from 'mongoose';\nexport const AModel = model('A', new Schema({ n: Number }));\n",
  'src/a/service.ts': "import { AModel } from './model';\nexport const countA = () => AModel.countDocuments();\n",
  'src/a/index.ts': "export { countA } from './service';\n",
  'src/a/feature.ts': "import { countA } from './service';\nexport const aFeature = { name: 'a', run: countA };\n",
  'src/b/service.ts':
    "import { countA } from '../a';\nimport { oops } from '../errors';\nexport const countB = () => countA().then((n) => n + oops);\n",
  'src/b/index.ts': "export { countB } from './service';\n",
  'src/b/feature.ts':
    "import { aFeature } from '../a/feature';\nimport { countB } from './service';\nexport const bFeature = { name: 'b', run: countB, a: aFeature };\n",
  'src/features.ts':
    "import { aFeature } from './a/feature';\nimport { bFeature } from './b/feature';\nexport const features = [aFeature, bFeature];\n",
  'bench/run.ts': "import { countB } from '../src/b';\nvoid countB;\n",
};

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('npm run check:deps', () => {
  it('passes a tree that keeps the rule', async () => {
    const { code, output } = await check(tree(CLEAN));
    expect(output).toContain('no forbidden dependency');
    expect(code).toBe(0);
  });

  it("fails on another feature's model, on any file past its index.ts, also from bench/ and tools/", async () => {
    const { code, output } = await check(
      tree({
        ...CLEAN,
        'src/b/service.ts': "import { AModel } from '../a/model';\nexport const countB = () => AModel.countDocuments();\n",
        'src/b/other.ts': "import { countA } from '../a/service';\nexport const again = countA;\n",
        'tools/probe.ts': "import { AModel } from '../src/a/model';\nvoid AModel;\n",
      }),
    );
    expect(code).toBe(1);
    expect(output).toContain('feature-past-index: src/b/service.ts → src/a/model.ts');
    expect(output).toContain('feature-past-index: src/b/other.ts → src/a/service.ts');
    expect(output).toContain('outside-past-index: tools/probe.ts → src/a/model.ts');
  });

  it('fails on a model defined or a collection reached outside a model file', async () => {
    const { code, output } = await check(
      tree({
        ...CLEAN,
        'src/a/rollup.ts': "import { model, Schema } from 'mongoose';\nexport const RollupModel = model('Rollup', new Schema({}));\n",
        'src/b/raw.ts': "import mongoose from 'mongoose';\nexport const raw = () => mongoose.connection.collection('as').find();\n",
      }),
    );
    expect(code).toBe(1);
    expect(output).toMatch(/model-outside-model-file: src\/a\/rollup\.ts/);
    expect(output).toMatch(/collection-outside-model-file: src\/b\/raw\.ts/);
  });

  it('fails when a lower layer imports a higher one', async () => {
    const { code, output } = await check(
      tree({
        ...CLEAN,
        'src/slack/helper.ts': "import { countA } from '../a';\nexport const h = countA;\n",
        'src/a/uses-app.ts': "import { features } from '../features';\nexport const all = features;\n",
        'src/b/surface.ts': "import { aFeature } from '../a/feature';\nexport const s = aFeature;\n",
      }),
    );
    expect(code).toBe(1);
    expect(output).toContain('foundation-below-features: src/slack/helper.ts → src/a/index.ts');
    expect(output).toContain('features-below-app: src/a/uses-app.ts → src/features.ts');
    expect(output).toContain('feature-surface-from-app: src/b/surface.ts → src/a/feature.ts');
  });
});
