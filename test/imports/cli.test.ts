import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseImportArgs } from '../../src/imports/cli-args';
import { ImportModel } from '../../src/imports/model';
import { readFile } from '../../src/imports/read';
import { PartnerModel } from '../../src/partners/model';
import { seedCommissions } from '../../src/seed/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures');
const work = mkdtempSync(path.join(tmpdir(), 'iec-import-'));
let uri = '';

beforeAll(async () => {
  uri = await connectTestDatabase();
});
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await seedCommissions();
});

function start(args: string[]): { child: ChildProcess; done: Promise<{ status: number | null; out: string }> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/imports/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, IEC_SKIP_DOTENV: '1', MONGODB_URI: uri, TZ: 'America/New_York' },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, done: new Promise((resolve) => child.on('exit', (status) => resolve({ status, out }))) };
}

const run = (args: string[]) => start(args).done;

describe('parseImportArgs', () => {
  it('reads each form and explains bad arguments', () => {
    expect(parseImportArgs(['partners', 'a.xlsx', '--dry-run'])).toEqual({
      ok: true,
      command: { kind: 'import', what: 'partners', file: 'a.xlsx', dryRun: true },
    });
    expect(parseImportArgs(['--rollback', '6B0EABB60753EE7FB8B65320'])).toEqual({
      ok: true,
      command: { kind: 'rollback', id: '6b0eabb60753ee7fb8b65320' },
    });
    expect(parseImportArgs(['--template', 'schools'])).toEqual({
      ok: true,
      command: { kind: 'template', what: 'schools', out: 'iec-schools-template.xlsx' },
    });
    expect(parseImportArgs([])).toMatchObject({ ok: false });
    expect(parseImportArgs(['people', 'a.csv'])).toEqual({
      ok: false,
      problem: expect.stringContaining('"people" is not something I import'),
    });
    expect(parseImportArgs(['--resume', '12'])).toEqual({ ok: false, problem: expect.stringContaining('24 hex characters') });
    expect(parseImportArgs(['--resume', '6b0eabb60753ee7fb8b65320', '--rollback', '6b0eabb60753ee7fb8b65320'])).toMatchObject({
      ok: false,
    });
    expect(parseImportArgs(['partners', 'a.csv', '--colour'])).toMatchObject({ ok: false });
  });
});

describe('npm run import', () => {
  it('imports, prints the summary and the counts line; a second run changes nothing; exit codes 0/1/2', async () => {
    const first = await run(['partners', path.join(FIXTURES, 'partners-messy.xlsx')]);
    expect(first.status).toBe(0);
    expect(first.out).toContain('row 4: pat@ is not an email address');
    expect(first.out.trim().split('\n').pop()).toBe('3 new, 0 updated, 0 unchanged, 3 rejected');
    expect(await PartnerModel.countDocuments()).toBe(3);

    const dry = await run(['partners', path.join(FIXTURES, 'partners-messy.csv'), '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.out.trim().split('\n').pop()).toBe('0 new, 0 updated, 3 unchanged, 3 rejected');

    const bad = await run(['partners', path.join(FIXTURES, 'old-excel.xls')]);
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('This is an old Excel .xls file');
    const missing = await run(['schools', path.join(work, 'nope.csv')]);
    expect(missing).toMatchObject({ status: 1, out: expect.stringContaining('there is no file') });
    const usage = await run(['partners']);
    expect(usage).toMatchObject({ status: 2, out: expect.stringContaining('Name the file of partners') });
  }, 120_000);

  it('--template writes an .xlsx that imports back as its one example row', async () => {
    const out = path.join(work, 'partners-template.xlsx');
    expect((await run(['--template', 'partners', '--out', out])).status).toBe(0);
    const read = await readFile(readFileSync(out), out);
    expect(read.ok && read.table.rows[0].cells).toEqual([
      'Partner',
      'Commissions',
      'Status',
      'Kind',
      'Owner',
      'Notes',
      'Contact name',
      'Contact title',
      'Contact email',
      'Contact phone',
      'Contact Slack ID',
    ]);
    const imported = await run(['partners', out]);
    expect(imported.out.trim().split('\n').pop()).toBe('1 new, 0 updated, 0 unchanged, 0 rejected');
    expect((await PartnerModel.findOne({}).lean())?.contacts[0].phone).toBe('+1 212 555 0100');
  }, 120_000);

  describe('killed half-way', () => {
    const file = path.join(work, 'many-partners.csv');
    const PARTNERS = 3000;
    beforeAll(() => {
      const rows = Array.from({ length: PARTNERS }, (_, i) => `Partner ${i},it,active,Person ${i},person${i}@p${i}.example`);
      writeFileSync(file, ['Organization,Commission,Status,Contact name,Email', ...rows].join('\r\n'));
    });

    async function killMidway(): Promise<string> {
      const { child, done } = start(['partners', file]);
      for (;;) {
        const n = await PartnerModel.countDocuments();
        if (n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      await done;
      const record = await ImportModel.findOne({}).lean();
      expect(record?.status).toBe('applying');
      const written = await PartnerModel.countDocuments();
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(PARTNERS);
      return String(record?._id);
    }

    /** Every partner there is whole: its name, commission, status and its one contact. */
    async function expectWholePartners(count: number): Promise<void> {
      const partners = await PartnerModel.find({}).lean();
      expect(partners).toHaveLength(count);
      for (const p of partners) {
        const i = p.name.replace('Partner ', '');
        expect(p).toMatchObject({ commissions: ['it'], status: 'active' });
        expect(p.contacts.map((c) => [c.name, c.email])).toEqual([[`Person ${i}`, `person${i}@p${i}.example`]]);
      }
    }

    it('--resume finishes it: every row, none twice', async () => {
      const id = await killMidway();
      const resumed = await run(['--resume', id]);
      expect(resumed).toMatchObject({ status: 0, out: expect.stringContaining('(applied)') });
      expect(resumed.out.trim().split('\n').pop()).toBe(`${PARTNERS} new, 0 updated, 0 unchanged, 0 rejected`);
      expect((await ImportModel.findById(id).lean())?.status).toBe('applied');
      await expectWholePartners(PARTNERS);
    }, 180_000);

    it('--rollback removes what it wrote', async () => {
      const id = await killMidway();
      const rolled = await run(['--rollback', id]);
      expect(rolled.status).toBe(0);
      expect((await ImportModel.findById(id).lean())?.status).toBe('rolled_back');
      await expectWholePartners(0);
    }, 180_000);

    it('the next run finishes it first and says so', async () => {
      const id = await killMidway();
      const next = await run(['schools', path.join(FIXTURES, 'schools.csv')]);
      expect(next.status).toBe(0);
      expect(next.out).toContain(`Import ${id} (many-partners.csv) had stopped half-way: finished.`);
      await expectWholePartners(PARTNERS);
    }, 180_000);
  });
});
