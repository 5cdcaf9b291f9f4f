/**
 * The import rows of `npm run bench`: a 5,000-partner .xlsx and a 20,000-commitment CSV (after 200 schools), then
 * the same CSV with every quantity changed (20,000 updates), read, previewed and applied through the importer's
 * own service, as `/iec import` and `npm run import` do. The rows are of the activity types (career day, mentoring…).
 * Runs on an emptied bench database after the other steps (the import creates its own partners).
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import type { Actor } from '../src/access';
import { COMMITMENT_TYPE_INFO, COMMITMENT_TYPES, PROGRAM_COMMITMENT_TYPES } from '../src/commitments';
import { applyImport, countsLine, previewImport, type PreviewInput } from '../src/imports';
import { seedCommissions } from '../src/seed/service';
import { COMMISSION_KEYS } from './data';

export interface ImportTiming {
  what: string;
  rows: number;
  /** Absent when it did not finish within `limitMs` (see `unfinished`). */
  previewMs?: number;
  applyMs?: number;
  /**
   * Creates: the same documents inserted by the driver, 2,000 per call, into an empty collection with the same indexes.
   * Updates: the same changes written by the driver in unordered bulkWrites of 2,000 (one updateOne per document).
   */
  floorMs?: number;
  floorWhat: 'driver insert' | 'driver update';
  counts?: string;
  /** The longest a preview, an apply or a floor may take before the bench reports it unfinished and goes on. */
  limitMs: number;
  /** What did not finish in time, or failed (the later import steps are then not run). */
  unfinished?: string;
}

/**
 * A preview, an apply or a floor that runs longer than this is reported as not finished and the bench goes on
 * (without the later imports, which need its records): 8× the apply target, enough for any figure worth reading.
 */
export const IMPORT_STEP_LIMIT_MS = 240_000;

const admin: Actor = { userId: 'UBENCHIMPORT', isAdmin: true, leads: [], partnerIds: [] };
const SCHOOLS = 200;

const schoolCode = (i: number) => `${String((i % 32) + 1).padStart(2, '0')}X${String(100 + i).padStart(3, '0')}`;
const partnerOf = (i: number) => `Import Partner ${i} Inc.`;

async function partnersXlsx(partners: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Partners');
  sheet.addRow(['Organization', 'Commission', 'Status', 'Contact name', 'E-mail', 'Phone']);
  for (let i = 0; i < partners; i += 1)
    sheet.addRow([
      partnerOf(i),
      COMMISSION_KEYS[i % COMMISSION_KEYS.length],
      'active',
      `Contact ${i}`,
      `contact${i}@p${i}.example`,
      '+1 212 555 0100',
    ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function schoolsCsv(): Buffer {
  const rows = Array.from({ length: SCHOOLS }, (_, i) => `Bench High School ${i},${schoolCode(i)},Programs ${i % 7}`);
  return Buffer.from(['School,DBN,Programs', ...rows].join('\r\n'));
}

/** The activity types: program support (#19) needs a program of study, which these rows do not name. */
const ROW_TYPES = COMMITMENT_TYPES.filter((t) => !PROGRAM_COMMITMENT_TYPES.includes(t));

/** `bump` adds to every quantity: the same file with every row changed (all updates). */
function commitmentsCsv(commitments: number, partners: number, bump = 0): Buffer {
  const rows = Array.from({ length: commitments }, (_, i) => {
    const p = i % partners;
    const type = COMMITMENT_TYPE_INFO[ROW_TYPES[i % ROW_TYPES.length]].label;
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 9) + 1).padStart(2, '0');
    return `"${partnerOf(p)}",${COMMISSION_KEYS[p % COMMISSION_KEYS.length]},"${type}",${(i % 5) + 1 + bump},${schoolCode(i % SCHOOLS)},2026-${month}-${day}`;
  });
  return Buffer.from(['Partner,Commission,Type,Quantity,School codes,Start date', ...rows].join('\r\n'));
}

/** Documents the floors write per driver call: the import's own batch of commitments (one call of 20,000 outlasts the socket timeout under load). */
const FLOOR_BATCH = 2_000;

/** The floor of an apply: the documents it wrote, inserted again by the driver beside them, with their indexes. */
async function insertFloor(collection: string): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const docs = await db.collection(collection).find({}).toArray();
  const copy = db.collection(`${collection}_floor`);
  for (const { key, name, unique, sparse } of await db.collection(collection).indexes())
    if (name !== '_id_') await copy.createIndex(key, { ...(unique ? { unique } : {}), ...(sparse ? { sparse } : {}) });
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += FLOOR_BATCH) await copy.insertMany(docs.slice(i, i + FLOOR_BATCH), { ordered: false });
  const floorMs = performance.now() - t0;
  await copy.drop();
  return floorMs;
}

/** The floor of an update apply: every document's new quantity set by the driver in unordered bulkWrites of 2,000. */
async function updateFloor(collection: string): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const docs = await db
    .collection(collection)
    .find({}, { projection: { quantity: 1 } })
    .toArray();
  const t0 = performance.now();
  if (docs.length > 0)
    await db.collection(collection).bulkWrite(
      docs.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $set: { quantity: d.quantity } } } })),
      { ordered: false },
    );
  return performance.now() - t0;
}

const COLLECTION: Record<PreviewInput['kind'], string> = {
  partners: 'partners',
  schools: 'schools',
  commitments: 'commitments',
  programs: 'programs',
};

/** The work's duration, or why it has none: it did not finish within the limit, or it failed. */
async function within<T>(work: () => Promise<T>): Promise<{ ok: true; value: T; ms: number } | { ok: false; why: string }> {
  const t0 = performance.now();
  const pending = work();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), IMPORT_STEP_LIMIT_MS);
  });
  try {
    const first = await Promise.race([pending, limit]);
    if (first === 'late') {
      // it goes on in the background until the engine is stopped; its end (or failure) is of no interest any more
      pending.catch(() => undefined);
      return { ok: false, why: `did not finish in ${IMPORT_STEP_LIMIT_MS / 1000} s` };
    }
    return { ok: true, value: first as T, ms: performance.now() - t0 };
  } catch (err) {
    return { ok: false, why: `failed after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

async function timed(
  kind: PreviewInput['kind'],
  filename: string,
  content: Buffer,
  rows: number,
  floor: 'insert' | 'update',
  log: (message: string) => void,
): Promise<ImportTiming> {
  const now = new Date();
  const timing: ImportTiming = { what: filename, rows, floorWhat: `driver ${floor}`, limitMs: IMPORT_STEP_LIMIT_MS };
  const stop = (phase: string, why: string) => {
    timing.unfinished = `${phase} ${why}`;
    log(`${filename}: ${timing.unfinished}`);
    return timing;
  };
  const preview = await within(() => previewImport({ kind, filename, content, actor: admin, by: admin.userId, via: 'shell', now }));
  if (!preview.ok) return stop('preview', preview.why);
  if (!preview.value.ok) return stop('preview', `refused the file: ${preview.value.reason}`);
  timing.previewMs = preview.ms;
  log(`${filename}: previewed in ${(preview.ms / 1000).toFixed(1)} s`);
  const id = preview.value.summary.id;
  const applied = await within(() => applyImport(id, { now, actor: admin }));
  if (!applied.ok) return stop('apply', applied.why);
  if (applied.value.status !== 'applied') return stop('apply', `ended ${applied.value.status} ${applied.value.problem ?? ''}`);
  timing.applyMs = applied.ms;
  timing.counts = countsLine(applied.value.counts);
  log(`${filename}: applied in ${(applied.ms / 1000).toFixed(1)} s (${timing.counts})`);
  const floored = await within(() => (floor === 'insert' ? insertFloor(COLLECTION[kind]) : updateFloor(COLLECTION[kind])));
  if (!floored.ok) return stop('floor', floored.why);
  timing.floorMs = floored.value;
  log(`${filename}: floor ${(floored.value / 1000).toFixed(1)} s (driver ${floor})`);
  return timing;
}

/**
 * Empties the bench database, then imports schools, the partners workbook and the commitments CSV, then the same
 * CSV with every quantity changed (every row an update).
 */
export async function importStep(
  sizes: { partners: number; commitments: number },
  log: (message: string) => void,
): Promise<ImportTiming[]> {
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.syncIndexes()));
  await seedCommissions();
  const steps: Array<{ row: boolean; run: () => Promise<ImportTiming> }> = [
    { row: false, run: () => timed('schools', 'schools.csv', schoolsCsv(), SCHOOLS, 'insert', log) },
    {
      row: true,
      run: async () =>
        timed('partners', `${sizes.partners}-partners.xlsx`, await partnersXlsx(sizes.partners), sizes.partners, 'insert', log),
    },
    {
      row: true,
      run: () =>
        timed(
          'commitments',
          `${sizes.commitments}-commitments.csv`,
          commitmentsCsv(sizes.commitments, sizes.partners),
          sizes.commitments,
          'insert',
          log,
        ),
    },
    {
      row: true,
      run: () =>
        timed(
          'commitments',
          `${sizes.commitments}-commitments-changed.csv`,
          commitmentsCsv(sizes.commitments, sizes.partners, 1),
          sizes.commitments,
          'update',
          log,
        ),
    },
  ];
  const out: ImportTiming[] = [];
  for (const step of steps) {
    const timing = await step.run();
    if (!step.row && timing.unfinished) throw new Error(`${timing.what}: ${timing.unfinished}`);
    if (step.row) out.push(timing);
    // the later files need this one's records (and the engine is still busy with it): they are not run
    if (timing.unfinished) break;
  }
  return out;
}
