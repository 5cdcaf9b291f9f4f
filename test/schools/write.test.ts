import { events, type EventMap } from '../../src/events';
import { schoolArchive } from '../../src/schools/archive';
import { insertSchoolIfAbsent, insertSchools, removeSchools, setSchools } from '../../src/schools/bulk';
import { SchoolModel } from '../../src/schools/model';
import { findOrCreateSchool } from '../../src/schools/service';
import { type StoredSchool, writeSchool, writeSchools } from '../../src/schools/write';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const NOW = new Date('2026-09-15T14:00:00Z');
const LATER = new Date('2026-09-16T14:00:00Z');
const IEC = 'U0IEC';
const OTHER = 'U0OTHER';

function recordEvents() {
  const seen: Array<EventMap['school.changed']> = [];
  const off = events.on('school.changed', (e) => {
    seen.push(e);
  });
  return { seen, off };
}

async function stored(id: string) {
  const doc = await SchoolModel.findById(id).lean();
  if (!doc) throw new Error(`school ${id} is gone`);
  return doc;
}

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

describe('the schools write path', () => {
  it('creates, adds a code, archives and restores, each with one history entry, revision + 1 and one event', async () => {
    const { seen, off } = recordEvents();
    const school = await findOrCreateSchool({ name: 'Aviation High School' }, IEC, NOW);
    await findOrCreateSchool({ name: 'Aviation High School', code: '24q610' }, OTHER, LATER);
    await schoolArchive.archive(school.id, IEC, LATER);
    await schoolArchive.restore(school.id, OTHER, LATER);
    await events.idle();
    off();

    const doc = await stored(school.id);
    expect(doc.revision).toBe(3);
    expect(doc.code).toBe('24Q610');
    expect(doc.archivedAt).toBeUndefined();
    expect(doc.history.map((h) => [h.action, h.by, h.changes.map((c) => c.field)])).toEqual([
      ['created', IEC, ['name']],
      ['code added', OTHER, ['code']],
      ['archived', IEC, ['archivedAt', 'archivedBy']],
      ['restored', OTHER, ['archivedAt', 'archivedBy']],
    ]);
    expect(doc.history[1]).toMatchObject({ at: LATER, changes: [{ field: 'code', from: null, to: '24Q610' }] });
    expect(seen.map((e) => [e.action, e.changes.length])).toEqual([
      ['created', 1],
      ['code added', 1],
      ['archived', 1],
      ['restored', 1],
    ]);
    expect(seen[1]?.changes[0]).toMatchObject({ before: { id: school.id, revision: 0 }, after: { id: school.id, revision: 1 } });
  });

  it('refuses an update stating a revision that moved, and recomputes a one-record change on the fresh record', async () => {
    const school = await findOrCreateSchool({ name: 'Thomas Edison CTE' }, IEC, NOW);
    const before = await SchoolModel.findById(school.id, { history: 0 }).lean<StoredSchool>();
    if (!before) throw new Error('not created');
    await writeSchools([{ op: 'update', before, set: { programs: ['Automotive'] } }], { by: IEC, now: NOW, action: 'edited' });
    // the same read again: its revision moved on
    const late = await writeSchools([{ op: 'update', before, set: { programs: ['Welding'] } }], {
      by: OTHER,
      now: LATER,
      action: 'edited',
    });
    expect(late.written).toHaveLength(0);
    expect(late.stale.map((s) => String(s._id))).toEqual([school.id]);

    const written = await writeSchool(school.id, { by: OTHER, now: LATER, action: 'edited' }, (current) => ({
      programs: [...current.programs, 'Welding'],
    }));
    expect(written.programs).toEqual(['Automotive', 'Welding']);
    expect((await stored(school.id)).revision).toBe(2);
  });

  it('writes nothing and records nothing when a change changes nothing', async () => {
    const school = await findOrCreateSchool({ name: 'Food and Finance High School', code: '02M288' }, IEC, NOW);
    const { seen, off } = recordEvents();
    await findOrCreateSchool({ name: 'Food and Finance High School', code: '02M288' }, OTHER, LATER);
    await writeSchool(school.id, { by: OTHER, now: LATER, action: 'edited' }, () => ({ code: '02M288' }));
    await events.idle();
    off();
    expect(seen).toHaveLength(0);
    expect((await stored(school.id)).history).toHaveLength(1);
  });

  it('import batches: one history entry per school with the file, one event per batch; a resumed insert leaves existing ones', async () => {
    const ids = ['64c000000000000000000001', '64c000000000000000000002'];
    const meta = { by: IEC, now: NOW, source: 'schools.csv' };
    const { seen, off } = recordEvents();
    await insertSchools(
      [
        { id: ids[0] as string, name: 'Aviation High School', code: '24Q610', programs: ['Aviation'] },
        { id: ids[1] as string, name: 'High School of Fashion Industries', programs: [] },
      ],
      meta,
    );
    // resumed after a crash: the same batch again
    await insertSchools([{ id: ids[0] as string, name: 'Aviation High School', code: '24Q610', programs: ['Aviation'] }], meta);
    const missed = await setSchools(
      [
        { id: ids[0] as string, name: 'Aviation High School', programs: ['Aviation', 'Drones'] },
        { id: '64c0000000000000000000ff', name: 'Gone', programs: [] },
      ],
      { ...meta, now: LATER },
    );
    await removeSchools([ids[1] as string], { ...meta, now: LATER });
    await events.idle();
    off();

    expect(missed).toEqual(['64c0000000000000000000ff']);
    const aviation = await stored(ids[0] as string);
    expect(aviation).toMatchObject({ revision: 1, programs: ['Aviation', 'Drones'] });
    expect(aviation.code).toBeUndefined();
    expect(aviation.history.map((h) => [h.action, h.source, h.changes.map((c) => c.field)])).toEqual([
      ['imported', 'schools.csv', ['name', 'code', 'programs']],
      ['imported', 'schools.csv', ['code', 'programs']],
    ]);
    expect(await SchoolModel.exists({ _id: ids[1] })).toBeNull();
    expect(seen.map((e) => [e.action, e.source, e.changes.length])).toEqual([
      ['imported', 'schools.csv', 2],
      ['imported', 'schools.csv', 1],
      ['import rolled back', 'schools.csv', 1],
    ]);
  });

  it('the seed adds a school once', async () => {
    const demo = { name: 'Demo CTE High School', code: '99X001', programs: ['Welding'] };
    await insertSchoolIfAbsent(demo, 'seed', NOW);
    await insertSchoolIfAbsent(demo, 'seed', LATER);
    const docs = await SchoolModel.find({ code: '99X001' }).lean();
    expect(docs).toHaveLength(1);
    expect(docs[0]?.history.map((h) => h.action)).toEqual(['created']);
  });

  it('deleting for good goes through the write path too, and is refused while something refers to the school', async () => {
    const school = await findOrCreateSchool({ name: 'Aviation High School' }, IEC, NOW);
    await expect(schoolArchive.remove(school.id, ['1 commitment'], IEC, LATER)).rejects.toMatchObject({ code: 'conflict' });
    const { seen, off } = recordEvents();
    await schoolArchive.remove(school.id, [], IEC, LATER);
    await events.idle();
    off();
    expect(await SchoolModel.exists({ _id: school.id })).toBeNull();
    expect(seen.map((e) => [e.action, e.changes[0]?.before?.id])).toEqual([['deleted', school.id]]);
  });
});
