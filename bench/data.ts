import mongoose, { Types } from 'mongoose';
import { changeCommissionLead, setCommissionChannel, setCommissionTarget } from '../src/commissions';
import { loadCommitmentDocuments } from '../src/commitments';
import { rebuildActivity } from '../src/commitments';
import { rebuildChanges } from '../src/commitments';
import { rebuildGroups } from '../src/commitments';
import { rebuildTotals } from '../src/commitments';
import { rebuildPeopleIndex } from '../src/reconcile/people';
import { COMMITMENT_TYPE_INFO, COMMITMENT_TYPES, type CommitmentStatus, type CommitmentType } from '../src/domain/commitments';
import { loadDeliverableDocuments } from '../src/deliverables';
import { loadMeetingDocuments } from '../src/meetings';
import { loadPartnerDocuments } from '../src/partners';
import { loadSchoolDocuments } from '../src/schools';
import { COMMISSIONS, seedCommissions } from '../src/seed/service';
import { seededRandom, type Random } from '../test/faults/support/random';
import { BENCH_ADMIN, BENCH_NOW, CURRENT_SCHOOL_YEAR, FANOUT_DUE_DATE, FULL, QUICK, SCHOOL_YEARS, type BenchSizes } from './config';
import { nameWordKeys, normalizeName } from '../src/domain/names';

/**
 * District-sized data, generated fast: documents built in memory and written with the driver's insertMany in
 * batches (no per-document validation or middleware), then what the commitment service maintains on every write
 * rebuilt from them with its own rebuild functions: the totals rollup, the day index of activity and the index of
 * commitments per partner, commission and type. Deterministic (seeded), so two runs measure the same data.
 *
 * The current school year holds the live data (this week's activity, the open items); growing the data set adds
 * history only: closed commitments of the four earlier school years. So the digest's inputs (the reported week,
 * the open items) are the same at every size, and only the size of the history changes.
 */

const BATCH = 5_000;
const DAY = 86_400_000;

const PREFIXES = [
  'Acme',
  'Summit',
  'Hudson',
  'Empire',
  'Brooklyn',
  'Metro',
  'Liberty',
  'Harbor',
  'Atlas',
  'Beacon',
  'Bronx',
  'Queens',
  'Union',
  'Pioneer',
  'Keystone',
  'Northstar',
  'Bridge',
  'Skyline',
  'Gotham',
  'Evergreen',
  'Riverside',
  'Crescent',
  'Lexington',
  'Madison',
  'Sterling',
];
const MIDDLES = [
  'Health',
  'Medical',
  'Motors',
  'Media',
  'Design',
  'Tech',
  'Systems',
  'Culinary',
  'Kitchen',
  'Builders',
  'Construction',
  'Energy',
  'Engineering',
  'Capital',
  'Finance',
  'Bank',
  'Logistics',
  'Transit',
  'Software',
  'Labs',
];
const SUFFIXES = ['Inc', 'LLC', 'Group', 'Partners', 'Co', 'Associates', 'Foundation', 'Corp', 'Center', 'Hospital'];
const REAL_PARTNERS = [
  'SAP',
  'Microsoft',
  'NewYork-Presbyterian',
  'Con Edison',
  'National Grid',
  'Montefiore Medical Center',
  'Facebook',
  'Restaurant Associates',
  'Union Square Hospitality Group',
  'Dinex Group',
];

export const COMMISSION_KEYS = COMMISSIONS.map((c) => c.key);

/** The name of generated partner `i` (unique regardless of case and punctuation). */
export function partnerName(i: number): string {
  if (i < REAL_PARTNERS.length) return REAL_PARTNERS[i];
  const j = i - REAL_PARTNERS.length;
  const combos = PREFIXES.length * MIDDLES.length * SUFFIXES.length;
  const base = `${PREFIXES[j % PREFIXES.length]} ${MIDDLES[Math.floor(j / PREFIXES.length) % MIDDLES.length]} ${SUFFIXES[Math.floor(j / (PREFIXES.length * MIDDLES.length)) % SUFFIXES.length]}`;
  return j < combos ? base : `${base} ${Math.floor(j / combos) + 1}`;
}

/** The IEC leads of commission `i` (one per commission), and the partner contacts in Slack. */
export const leadOf = (i: number) => `UBENCHLEAD${i}`;
export const fanoutOwner = (i: number) => `UBENCHOWN${String(i).padStart(3, '0')}`;

interface PartnerRef {
  _id: Types.ObjectId;
  name: string;
  commissions: string[];
}

export interface Generated {
  partners: PartnerRef[];
  schoolIds: Types.ObjectId[];
  commitments: number;
  /** Fan-out: the deliverables due at BENCH_NOW, and their owners. */
  fanoutOwners: string[];
  timings: Record<string, number>;
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const yearStart = (schoolYear: string) => Date.UTC(Number(schoolYear.slice(0, 4)), 6, 1);

async function inBatches<T>(total: number, make: (i: number) => T, write: (docs: T[]) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < total; from += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, total - from) }, (_, k) => make(from + k));
    await write(docs);
  }
}

const STATUS_WEIGHTS_HISTORY: Array<[CommitmentStatus, number]> = [
  ['fulfilled', 0.6],
  ['partially_fulfilled', 0.15],
  ['cancelled', 0.15],
  ['confirmed', 0.05],
  ['pledged', 0.05],
];

function weighted<T>(r: Random, choices: Array<[T, number]>): T {
  let x = r.next();
  for (const [value, weight] of choices) {
    x -= weight;
    if (x < 0) return value;
  }
  return choices[choices.length - 1][0];
}

/** One commitment document, as the service would have stored it, in `schoolYear`, created at `createdAt`. */
function commitmentDoc(
  r: Random,
  partners: PartnerRef[],
  schoolIds: Types.ObjectId[],
  schoolYear: string,
  createdAt: Date,
  status: CommitmentStatus,
) {
  const partner = partners[r.int(partners.length)];
  const type: CommitmentType = r.pick(COMMITMENT_TYPES);
  const quantity = type === 'scholarship' ? 500 * (1 + r.int(20)) : 1 + r.int(30);
  const start = new Date(Math.max(createdAt.getTime(), yearStart(schoolYear)) + r.int(120) * DAY);
  const end = new Date(start.getTime() + r.int(60) * DAY);
  const fulfilledQuantity =
    status === 'fulfilled' ? quantity : status === 'partially_fulfilled' ? Math.max(1, Math.floor(quantity / 2)) : 0;
  const fulfilledAt =
    status === 'fulfilled' || status === 'partially_fulfilled'
      ? new Date(Math.min(BENCH_NOW.getTime() - 60_000, createdAt.getTime() + (1 + r.int(90)) * DAY))
      : undefined;
  const history: Array<{ at: Date; by: string; action: string; changes: Array<{ field: string; from: unknown; to: unknown }> }> = [
    {
      at: createdAt,
      by: BENCH_ADMIN,
      action: 'created',
      changes: [
        { field: 'quantity', from: null, to: quantity },
        { field: 'status', from: null, to: 'pledged' },
      ],
    },
  ];
  if (status !== 'pledged')
    history.push({
      at: fulfilledAt ?? createdAt,
      by: BENCH_ADMIN,
      action: 'status',
      changes: [{ field: 'status', from: 'pledged', to: status }],
    });
  return {
    _id: new Types.ObjectId(),
    partnerId: partner._id,
    partnerName: partner.name,
    commissionKey: partner.commissions[r.int(partner.commissions.length)],
    type,
    quantity,
    unit: COMMITMENT_TYPE_INFO[type].unit,
    schoolIds: Array.from({ length: 1 + r.int(3) }, () => schoolIds[r.int(schoolIds.length)]),
    schoolYear,
    startDate: ymd(start),
    endDate: ymd(end),
    status,
    ...(fulfilledAt ? { fulfilledAt } : {}),
    fulfilledQuantity,
    notes: r.chance(0.3) ? 'Spring cohort; coordinate with the school CTE coordinator' : '',
    recordedBy: BENCH_ADMIN,
    recordedVia: 'iec',
    history,
    revision: history.length - 1,
    createdAt,
    updatedAt: fulfilledAt ?? createdAt,
  };
}

/** The main data set with `sizes.digestSizes[0]` commitments (grow it with `addHistory`). */
/**
 * The probes' `--seed`: drops the connected database, creates the app's indexes and writes the bench's district at its
 * full size (`--quick`: the smaller one). Returns the seconds it took.
 */
export async function reseed(argv: readonly string[]): Promise<number> {
  const sizes = argv.includes('--quick') ? QUICK : FULL;
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.syncIndexes()));
  const t = Date.now();
  await generate(sizes, sizes.commitments);
  return (Date.now() - t) / 1000;
}

export async function generate(sizes: BenchSizes, commitments: number): Promise<Generated> {
  const r = seededRandom(2026);
  const timings: Record<string, number> = {};
  const time = async (what: string, work: () => Promise<unknown>) => {
    const t = Date.now();
    await work();
    timings[what] = Date.now() - t;
  };

  await time('commissions', async () => {
    await seedCommissions();
    for (const [i, key] of COMMISSION_KEYS.entries()) {
      const by = { by: BENCH_ADMIN, at: BENCH_NOW };
      await setCommissionChannel(key, `CDIGEST0${i}`, by);
      await changeCommissionLead(key, leadOf(i), 'add', by);
      await setCommissionTarget(key, 'mentoring', 400, by, CURRENT_SCHOOL_YEAR);
      await setCommissionTarget(key, 'internship_hosting', 150, by, CURRENT_SCHOOL_YEAR);
      await setCommissionTarget(key, 'guest_speaking', 200, by, CURRENT_SCHOOL_YEAR);
    }
  });

  const schoolIds = Array.from({ length: sizes.schools }, () => new Types.ObjectId());
  await time('schools', () =>
    loadSchoolDocuments(
      schoolIds.map((_id, i) => ({
        _id,
        name: `CTE High School ${i + 1}`,
        nameKey: normalizeName(`CTE High School ${i + 1}`),
        code: `${String(i + 1).padStart(2, '0')}X${100 + i}`,
        programs: [],
        createdAt: BENCH_NOW,
        updatedAt: BENCH_NOW,
      })),
    ),
  );

  const partners: PartnerRef[] = Array.from({ length: sizes.partners }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: partnerName(i),
    commissions: r.chance(0.3)
      ? [r.pick(COMMISSION_KEYS), r.pick(COMMISSION_KEYS)].filter((k, j, a) => a.indexOf(k) === j)
      : [r.pick(COMMISSION_KEYS)],
  }));

  // The current school year first, in memory: it decides the partners' last activity.
  const currentStart = yearStart(CURRENT_SCHOOL_YEAR);
  const current = Array.from({ length: Math.min(sizes.currentCommitments, commitments) }, () => {
    const createdAt = new Date(currentStart + r.int(BENCH_NOW.getTime() - currentStart - 60_000));
    const age = (BENCH_NOW.getTime() - createdAt.getTime()) / DAY;
    const status: CommitmentStatus =
      age > 90 ? weighted(r, STATUS_WEIGHTS_HISTORY) : r.chance(0.5) ? 'pledged' : r.chance(0.7) ? 'confirmed' : 'fulfilled';
    return commitmentDoc(r, partners, schoolIds, CURRENT_SCHOOL_YEAR, createdAt, status);
  });
  const lastActivity = new Map<string, Date>();
  for (const c of current) {
    const key = String(c.partnerId);
    const at = c.updatedAt;
    if (!lastActivity.has(key) || (lastActivity.get(key) as Date) < at) lastActivity.set(key, at);
  }

  await time('partners', () =>
    inBatches(
      partners.length,
      (i) => {
        const p = partners[i];
        const createdAt = new Date(yearStart(SCHOOL_YEARS[0]) + r.int(4 * 365) * DAY);
        return {
          _id: p._id,
          name: p.name,
          nameKey: normalizeName(p.name),
          nameWords: nameWordKeys(p.name),
          commissions: p.commissions,
          contacts: [
            {
              name: `Contact ${i}`,
              title: 'Workforce development',
              email: `contact${i}@partner${i}.example`,
              ...(i % 5 === 0 ? { slackUserId: `UPC${String(i).padStart(6, '0')}` } : {}),
            },
            ...(r.chance(0.4) ? [{ name: `Second contact ${i}`, email: `second${i}@partner${i}.example` }] : []),
          ],
          ownerId: leadOf(COMMISSION_KEYS.indexOf(p.commissions[0])),
          status: r.chance(0.7) ? 'active' : r.chance(0.7) ? 'prospect' : 'inactive',
          notes: '',
          createdBy: BENCH_ADMIN,
          lastActivityAt: lastActivity.get(String(p._id)) ?? createdAt,
          createdAt,
          updatedAt: createdAt,
        };
      },
      (docs) => loadPartnerDocuments(docs),
    ),
  );

  await time('commitments', async () => {
    for (let from = 0; from < current.length; from += BATCH) await loadCommitmentDocuments(current.slice(from, from + BATCH));
    await insertHistory(r, partners, schoolIds, commitments - current.length);
  });

  const fanoutOwners = Array.from({ length: sizes.fanoutOwners }, (_, i) => fanoutOwner(i));
  await time('deliverables', () => insertDeliverables(r, sizes, fanoutOwners));
  await time('meetings', () => insertMeetings(r, sizes));
  await time('totals rollup rebuilt', () => rebuildTotals());
  await time('activity index rebuilt', () => rebuildActivity());
  await time('partner/commission/type index rebuilt', () => rebuildGroups());
  await time('change index rebuilt', () => rebuildChanges());
  await time('people index rebuilt', () => rebuildPeopleIndex());
  return { partners, schoolIds, commitments, fanoutOwners, timings };
}

/** Closed (mostly) commitments of the four school years before the current one. */
async function insertHistory(r: Random, partners: PartnerRef[], schoolIds: Types.ObjectId[], count: number): Promise<void> {
  const years = SCHOOL_YEARS.filter((y) => y !== CURRENT_SCHOOL_YEAR);
  await inBatches(
    count,
    () => {
      const year = r.pick(years);
      const createdAt = new Date(yearStart(year) + r.int(364) * DAY + r.int(DAY));
      return commitmentDoc(r, partners, schoolIds, year, createdAt, weighted(r, STATUS_WEIGHTS_HISTORY));
    },
    (docs) => loadCommitmentDocuments(docs),
  );
}

/**
 * Grows the data set to `total` commitments by adding history, and rebuilds the rollup. Returns the time taken per step.
 * The change index (commitments/change-index.ts) is not rebuilt: the added history is of earlier school years, which
 * no change notice reads, and the digest this grows the data for does not read it (a reconcile afterwards adds it).
 */
export async function addHistory(data: Generated, total: number, seed: number): Promise<Record<string, number>> {
  const t0 = Date.now();
  await insertHistory(seededRandom(seed), data.partners, data.schoolIds, total - data.commitments);
  const inserted = Date.now() - t0;
  data.commitments = total;
  const t1 = Date.now();
  await rebuildTotals();
  const t2 = Date.now();
  await rebuildActivity();
  const t3 = Date.now();
  await rebuildGroups();
  const n = total.toLocaleString('en-US');
  return {
    [`history inserted (to ${n})`]: inserted,
    [`totals rollup rebuilt (${n})`]: t2 - t1,
    [`activity index rebuilt (${n})`]: t3 - t2,
    [`partner/commission/type index rebuilt (${n})`]: Date.now() - t3,
  };
}

/** The fan-out's deliverables (open, due at BENCH_NOW, owners in turn) and the rest, due on Fridays. */
async function insertDeliverables(r: Random, sizes: BenchSizes, owners: string[]): Promise<void> {
  const fridays: string[] = [];
  for (let d = Date.UTC(2025, 7, 1); d < Date.UTC(2026, 5, 30); d += DAY) if (new Date(d).getUTCDay() === 5) fridays.push(ymd(new Date(d)));
  const createdAt = new Date('2026-01-15T15:00:00Z');
  await loadDeliverableDocuments(
    Array.from({ length: sizes.deliverables }, (_, i) => {
      const fanout = i < sizes.fanoutDms;
      const commissionKey = COMMISSION_KEYS[i % COMMISSION_KEYS.length];
      const status = fanout
        ? 'open'
        : weighted(r, [
            ['done', 0.6],
            ['dropped', 0.1],
            ['open', 0.2],
            ['in_progress', 0.1],
          ] as Array<[string, number]>);
      return {
        _id: new Types.ObjectId(),
        commissionKey,
        title: fanout
          ? `Fan-out deliverable ${i}`
          : `Deliverable ${i}: ${r.pick(['Externship plan', 'Mentor roster', 'Advisory board minutes', 'Work-based learning report', 'Site visit schedule'])}`,
        description: '',
        ownerId: fanout ? owners[i % owners.length] : leadOf(i % COMMISSION_KEYS.length),
        dueDate: fanout ? FANOUT_DUE_DATE : r.pick(fridays),
        status,
        linkedTypes: [],
        createdBy: BENCH_ADMIN,
        ...(status === 'done' ? { completedAt: createdAt } : {}),
        createdAt,
        updatedAt: createdAt,
      };
    }),
  );
}

/** Meetings through the school year, in the afternoon (no reminder falls on the fan-out's instant). */
async function insertMeetings(r: Random, sizes: BenchSizes): Promise<void> {
  const start = Date.UTC(2025, 6, 1);
  await loadMeetingDocuments(
    Array.from({ length: sizes.meetings }, (_, i) => {
      const startsAt = new Date(start + r.int(364) * DAY + (19 + r.int(3)) * 3_600_000);
      const createdAt = new Date(startsAt.getTime() - 30 * DAY);
      return {
        _id: new Types.ObjectId(),
        commissionKey: COMMISSION_KEYS[i % COMMISSION_KEYS.length],
        title: `Commission meeting ${i}`,
        startsAt,
        durationMinutes: 60,
        location: 'District office, room 4',
        link: '',
        agenda: 'Open deliverables; partner updates',
        status: r.chance(0.9) ? 'scheduled' : 'cancelled',
        revision: 0,
        revisedAt: createdAt,
        createdBy: BENCH_ADMIN,
        createdAt,
        updatedAt: createdAt,
      };
    }),
  );
}

/**
 * How long one admin call that drops a big collection may take (a million commitments on a loaded machine take
 * minutes on some engines; the app's 30 s socket timeout is for request-path operations, not for this).
 */
const DROP_SOCKET_TIMEOUT_MS = 15 * 60_000;

/**
 * Empties the bench database by dropping its collections one by one, then the database, on a connection of its
 * own whose socket timeout is long enough for dropping a million commitments (deleteMany would delete them one
 * by one; the app's connection would give up after 30 s). Returns how long dropping the collections took.
 */
export async function dropBenchData(serverUri: string, dbName: string): Promise<Record<string, number>> {
  const client = new mongoose.mongo.MongoClient(serverUri, {
    socketTimeoutMS: DROP_SOCKET_TIMEOUT_MS,
    serverSelectionTimeoutMS: 30_000,
    connectTimeoutMS: 30_000,
  });
  const timings: Record<string, number> = {};
  try {
    const db = client.db(dbName);
    const collections = await db.listCollections({}, { nameOnly: true }).toArray();
    const t0 = Date.now();
    for (const { name } of collections) await db.dropCollection(name);
    timings[`dropped ${collections.length} collections`] = Date.now() - t0;
    await db.dropDatabase();
  } finally {
    await client.close().catch(() => undefined);
  }
  return timings;
}
