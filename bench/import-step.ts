/**
 * The import rows of `npm run bench`: a 5,000-partner .xlsx and a 20,000-commitment CSV (after 200 schools)
 * read, previewed and applied through the importer's own service, as `/iec import` and `npm run import` do.
 * Runs on an emptied bench database after the other steps (the import creates its own partners).
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import type { Actor } from '../src/access';
import { COMMITMENT_TYPE_INFO, COMMITMENT_TYPES } from '../src/commitments';
import { applyImport, countsLine, previewImport, type PreviewInput } from '../src/imports';
import { seedCommissions } from '../src/seed/service';
import { COMMISSION_KEYS } from './data';

export interface ImportTiming {
  what: string;
  rows: number;
  previewMs: number;
  applyMs: number;
  /** The same documents inserted by the driver in one call into an empty collection with the same indexes. */
  floorMs: number;
  counts: string;
}

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

function commitmentsCsv(commitments: number, partners: number): Buffer {
  const rows = Array.from({ length: commitments }, (_, i) => {
    const p = i % partners;
    const type = COMMITMENT_TYPE_INFO[COMMITMENT_TYPES[i % COMMITMENT_TYPES.length]].label;
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 9) + 1).padStart(2, '0');
    return `"${partnerOf(p)}",${COMMISSION_KEYS[p % COMMISSION_KEYS.length]},"${type}",${(i % 5) + 1},${schoolCode(i % SCHOOLS)},2026-${month}-${day}`;
  });
  return Buffer.from(['Partner,Commission,Type,Quantity,School codes,Start date', ...rows].join('\r\n'));
}

/** The floor of an apply: the documents it wrote, inserted again by the driver in one call beside them, with their indexes. */
async function insertFloor(collection: string): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const docs = await db.collection(collection).find({}).toArray();
  const copy = db.collection(`${collection}_floor`);
  for (const { key, name, unique, sparse } of await db.collection(collection).indexes())
    if (name !== '_id_') await copy.createIndex(key, { ...(unique ? { unique } : {}), ...(sparse ? { sparse } : {}) });
  const t0 = performance.now();
  if (docs.length > 0) await copy.insertMany(docs, { ordered: false });
  const floorMs = performance.now() - t0;
  await copy.drop();
  return floorMs;
}

const COLLECTION: Record<PreviewInput['kind'], string> = {
  partners: 'partners',
  schools: 'schools',
  commitments: 'commitments',
  programs: 'programs',
};

async function timed(kind: PreviewInput['kind'], filename: string, content: Buffer, rows: number): Promise<ImportTiming> {
  const now = new Date();
  const t0 = performance.now();
  const preview = await previewImport({ kind, filename, content, actor: admin, by: admin.userId, via: 'shell', now });
  const previewMs = performance.now() - t0;
  if (!preview.ok) throw new Error(`${filename} could not be previewed: ${preview.reason}`);
  const t1 = performance.now();
  const applied = await applyImport(preview.summary.id, { now, actor: admin });
  const applyMs = performance.now() - t1;
  if (applied.status !== 'applied') throw new Error(`${filename} was not applied: ${applied.status} ${applied.problem ?? ''}`);
  return { what: filename, rows, previewMs, applyMs, floorMs: await insertFloor(COLLECTION[kind]), counts: countsLine(applied.counts) };
}

/** Empties the bench database, then imports schools, the partners workbook and the commitments CSV. */
export async function importStep(sizes: { partners: number; commitments: number }): Promise<ImportTiming[]> {
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.syncIndexes()));
  await seedCommissions();
  await timed('schools', 'schools.csv', schoolsCsv(), SCHOOLS);
  const partners = await timed('partners', `${sizes.partners}-partners.xlsx`, await partnersXlsx(sizes.partners), sizes.partners);
  const commitments = await timed(
    'commitments',
    `${sizes.commitments}-commitments.csv`,
    commitmentsCsv(sizes.commitments, sizes.partners),
    sizes.commitments,
  );
  return [partners, commitments];
}
