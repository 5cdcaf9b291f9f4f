import { NameIndex, NAME_INDEX_REFRESH_MS, type ChangedEntry, type Every, type NameSource } from '../../src/domain/name-index';
import { normalizeName } from '../../src/domain/names';

/** A collection in memory, as the index's source reads it; `calls` counts its reads. */
class MemorySource implements NameSource {
  rows = new Map<string, ChangedEntry>();
  calls = { all: 0, changedSince: 0, count: 0 };
  set(id: string, name: string, at: Date, extra: Partial<ChangedEntry> = {}): void {
    this.rows.set(id, { id, name, updatedAt: at, ...extra });
  }
  async all() {
    this.calls.all++;
    return [...this.rows.values()];
  }
  async changedSince(since: Date) {
    this.calls.changedSince++;
    return [...this.rows.values()].filter((r) => r.updatedAt >= since);
  }
  async count() {
    this.calls.count++;
    return this.rows.size;
  }
}

/** A timer the test fires by hand. */
function manualTimer(): { every: Every; fire(): void; ms?: number } {
  const timer: { every: Every; fire(): void; ms?: number; fn?: () => void } = {
    every: (ms, fn) => {
      timer.ms = ms;
      timer.fn = fn;
      return { stop: () => (timer.fn = undefined) };
    },
    fire: () => timer.fn?.(),
  };
  return timer;
}

const T0 = new Date('2026-11-02T14:00:00Z');
const NAMES = [
  'Montefiore Medical Center',
  'Con Edison',
  'National Grid',
  'Turner Construction',
  'Mount Sinai Health System',
  'Consolidated Edison Solutions',
  'Edison Properties',
];

function seeded(): { source: MemorySource; index: NameIndex } {
  const source = new MemorySource();
  for (const [i, n] of NAMES.entries()) source.set(`p${i}`, n, T0);
  return { source, index: new NameIndex(source, normalizeName) };
}

describe('the fuzzy name index', () => {
  it('finds names with typos: "montifiore" and "edisn"', async () => {
    const { index } = seeded();
    expect((await index.find('montifiore')).map((m) => m.name)).toEqual(['Montefiore Medical Center']);
    const edisn = (await index.find('edisn')).map((m) => m.name);
    expect(edisn).toContain('Con Edison');
    expect(edisn).toContain('Edison Properties');
    expect((await index.find('Montefior Medcal'))[0]).toMatchObject({ name: 'Montefiore Medical Center', quality: 'typo' });
    expect((await index.find('Montefior Med'))[0]).toMatchObject({ name: 'Montefiore Medical Center', quality: 'word' });
    expect((await index.find('Montefiore Med'))[0]).toMatchObject({ name: 'Montefiore Medical Center', quality: 'begins' });
    expect((await index.find('montifiore'))[0].quality).toBe('typo');
  });

  it('puts names beginning with the text first, then names with a word that does, alphabetically; spacing and case do not matter', async () => {
    const { index } = seeded();
    expect((await index.find('edison')).map((m) => [m.name, m.quality])).toEqual([
      ['Edison Properties', 'begins'],
      ['Con Edison', 'word'],
      ['Consolidated Edison Solutions', 'word'],
    ]);
    for (const typed of ['con ED', 'CON-ED', 'conedison']) expect((await index.find(typed))[0].name).toBe('Con Edison');
    expect((await index.find('mo')).map((m) => m.name)).toEqual(['Montefiore Medical Center', 'Mount Sinai Health System']);
  });

  it('treats operators and patterns as plain text and allows no typos in short words', async () => {
    const { index } = seeded();
    expect(await index.find('{"$gt": ""}')).toEqual([]);
    expect(await index.find('a.*z')).toEqual([]);
    expect(await index.find('.*')).toEqual(await index.find(''));
    expect(await index.find('cin')).toEqual([]); // "con" is one letter away, but three letters must match exactly
  });

  it('with no text, the first names alphabetically; the limit and an id filter hold', async () => {
    const { index } = seeded();
    expect((await index.find('', { limit: 2 })).map((m) => m.name)).toEqual(['Con Edison', 'Consolidated Edison Solutions']);
    expect((await index.find('edison', { ids: ['p1'] })).map((m) => m.name)).toEqual(['Con Edison']);
    expect((await index.find('', { ids: ['p3', 'p0'] })).map((m) => m.name)).toEqual(['Montefiore Medical Center', 'Turner Construction']);
  });

  it('never finds an archived record; a local write shows at once', async () => {
    const { index } = seeded();
    await index.ready();
    index.put({ id: 'p0', name: 'Montefiore Medical Center', archived: true });
    expect(await index.find('montefiore')).toEqual([]);
    index.put({ id: 'p0', name: 'Montefiore Einstein' });
    expect((await index.find('einstien'))[0]).toMatchObject({ id: 'p0', name: 'Montefiore Einstein' });
    index.remove('p0');
    expect(await index.find('montefiore')).toEqual([]);
  });

  it('reads what other replicas changed every 30 s, by updatedAt, and reloads when a record was deleted elsewhere', async () => {
    const { source, index } = seeded();
    const timer = manualTimer();
    index.start(timer.every);
    expect(timer.ms).toBe(NAME_INDEX_REFRESH_MS);
    expect(NAME_INDEX_REFRESH_MS).toBe(30_000);
    await index.ready();
    expect(source.calls.all).toBe(1);

    // another replica renames a partner: not seen here until the next refresh
    source.set('p1', 'Consolidated Edison of New York', new Date(T0.getTime() + 60_000));
    expect((await index.find('con ed')).map((m) => m.name)).toEqual(['Con Edison', 'Consolidated Edison Solutions']);
    // read back from a little before the newest change seen (writers' clocks differ): the rename is among them
    expect(await index.refresh()).toMatchObject({ reloaded: false });
    expect((await index.find('consolidted edison')).map((m) => m.name).sort()).toEqual([
      'Consolidated Edison Solutions',
      'Consolidated Edison of New York',
    ]);
    expect((await index.find('consolidated edison of')).map((m) => m.name)).toEqual(['Consolidated Edison of New York']);
    expect(source.calls.all).toBe(1);

    // another replica deletes one: the count disagrees, so everything is read again
    source.rows.delete('p2');
    timer.fire();
    await new Promise((r) => setImmediate(r));
    await index.refresh();
    expect(source.calls.all).toBeGreaterThanOrEqual(2);
    expect(await index.find('national')).toEqual([]);
    index.stop();
  });

  it('after markChanged (a write without the record at hand) the next look-up reads the changes first', async () => {
    const { source, index } = seeded();
    await index.ready();
    source.set('p3', 'Turner & Townsend', new Date(T0.getTime() + 1_000));
    index.markChanged();
    expect((await index.find('townsend')).map((m) => m.name)).toEqual(['Turner & Townsend']);
    expect(source.calls.changedSince).toBe(1);
  });

  it('at 10,000 names finds a misspelled name from memory, reading the store once', async () => {
    const source = new MemorySource();
    for (let i = 0; i < 10_000; i++) source.set(`x${i}`, `${['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'][i % 5]} Partner ${i}`, T0);
    source.set('m', 'Montefiore Medical Center', T0);
    const index = new NameIndex(source, normalizeName);
    await index.ready();
    const readsAfterLoad = { ...source.calls };
    for (const typed of ['montifiore', 'glob', 'partner 99', 'hooli partnr 12', 'a']) await index.find(typed);
    expect((await index.find('montifiore'))[0].name).toBe('Montefiore Medical Center');
    expect((await index.find('hooli partnr 14')).map((m) => m.name)).toContain('Hooli Partner 14');
    // look-ups are answered from memory: no read of the store per key (the speed is a row of npm run bench)
    expect(source.calls).toEqual(readsAfterLoad);
    index.stop();
  });
});
