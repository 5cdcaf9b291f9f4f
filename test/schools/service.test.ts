import { SchoolModel } from '../../src/schools/model';
import { searchSchools } from '../../src/schools/search';
import { findOrCreateSchool, listSchools } from '../../src/schools/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const NOW = new Date('2026-09-15T14:00:00Z');

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

describe('findOrCreateSchool', () => {
  it('creates a school once, whatever the case, spacing or punctuation', async () => {
    const first = await findOrCreateSchool({ name: 'Aviation High School', code: '24q610' }, 'U1', NOW);
    expect(first).toMatchObject({ name: 'Aviation High School', code: '24Q610', created: true });
    const again = await findOrCreateSchool({ name: 'aviation  high-school' }, 'U2', NOW);
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(await SchoolModel.countDocuments()).toBe(1);
    expect((await SchoolModel.findById(first.id).lean())?.createdBy).toBe('U1');
  });

  it('adds a code to a school that had none, and refuses a code used by another school', async () => {
    const plain = await findOrCreateSchool({ name: 'Thomas Edison CTE' }, 'U1', NOW);
    const coded = await findOrCreateSchool({ name: 'Thomas Edison CTE', code: '28Q690' }, 'U1', NOW);
    expect(coded).toMatchObject({ id: plain.id, code: '28Q690', created: false });
    await expect(findOrCreateSchool({ name: 'Another School', code: '28q690' }, 'U1', NOW)).rejects.toMatchObject({ code: 'conflict' });
    await expect(findOrCreateSchool({ name: 'Thomas Edison CTE', code: '99X999' }, 'U1', NOW)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('rejects empty names and malformed codes with a helpful message', async () => {
    await expect(findOrCreateSchool({ name: '   ' }, 'U1', NOW)).rejects.toMatchObject({
      code: 'invalid_input',
      userMessage: 'Give the school a name.',
    });
    await expect(findOrCreateSchool({ name: '!!!' }, 'U1', NOW)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(findOrCreateSchool({ name: 'X', code: '{"$gt": ""}' }, 'U1', NOW)).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('records once when two people create the same school at the same time', async () => {
    const results = await Promise.all([1, 2, 3].map((i) => findOrCreateSchool({ name: 'Food and Finance High School' }, `U${i}`, NOW)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await SchoolModel.countDocuments()).toBe(1);
  });
});

describe('searchSchools', () => {
  beforeEach(async () => {
    await findOrCreateSchool({ name: 'Aviation High School', code: '24Q610' }, 'U1', NOW);
    await findOrCreateSchool({ name: 'High School of Fashion Industries', code: '02M600' }, 'U1', NOW);
    await findOrCreateSchool({ name: 'Food and Finance High School', code: '02M288' }, 'U1', NOW);
  });

  it('finds partial, mis-cased names with prefix matches first', async () => {
    const found = await searchSchools('HIGH sch', 10);
    expect(found.map((s) => s.name)).toEqual(['High School of Fashion Industries', 'Aviation High School', 'Food and Finance High School']);
    expect((await searchSchools('aviat', 10))[0]).toMatchObject({ name: 'Aviation High School', code: '24Q610' });
  });

  it('finds by code prefix and respects the limit', async () => {
    expect((await searchSchools('02m', 10)).map((s) => s.code).sort()).toEqual(['02M288', '02M600']);
    expect(await searchSchools('', 2)).toHaveLength(2);
  });

  it('treats operators and regex characters as plain text', async () => {
    expect(await searchSchools('{"$gt": ""}', 10)).toEqual([]);
    expect(await searchSchools('a.*z', 10)).toEqual([]);
    // no letters or digits: the same as an empty query (alphabetical), never a pattern
    expect(await searchSchools('.*', 10)).toEqual(await searchSchools('', 10));
  });

  it('lists schools a page at a time', async () => {
    const page = await listSchools(1, 1);
    expect(page.total).toBe(3);
    expect(page.schools.map((s) => s.name)).toEqual(['Food and Finance High School']);
  });
});
