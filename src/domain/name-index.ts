import MiniSearch, { type SearchResult } from 'minisearch';

/**
 * An in-memory fuzzy index of names (partners, schools), one per process: the type-ahead and the "did you mean…"
 * answers read it without a database round trip. It stays fresh on every replica: a replica's own writes update it
 * at once (`put`, `remove`, `markChanged`), and every `REFRESH_MS` it reads what any replica changed since the newest
 * change it has seen (by `updatedAt`); a record count that disagrees with it (a record deleted elsewhere) reloads it.
 */

/** How often each replica reads the changes others made. */
export const NAME_INDEX_REFRESH_MS = 30_000;
/** Changes are read back from this long before the newest one seen: writers' clocks differ, writes land late. */
const OVERLAP_MS = 120_000;

export interface NameEntry {
  id: string;
  name: string;
  /** Further keys found by prefix, such as a school's district code. */
  codes?: string[];
  /** Archived records stay in the index (so its count agrees with the collection) but are never found. */
  archived?: boolean;
}

export interface ChangedEntry extends NameEntry {
  updatedAt: Date;
}

/** Where an index reads its records: the feature that owns them provides it. */
export interface NameSource {
  all(): Promise<ChangedEntry[]>;
  changedSince(since: Date): Promise<ChangedEntry[]>;
  count(): Promise<number>;
}

/** How well a name matched: it begins with the text, a word of it does, or it is within a few typos. */
export type MatchQuality = 'begins' | 'word' | 'typo';

export interface NameMatch {
  id: string;
  name: string;
  codes?: string[];
  quality: MatchQuality;
}

export interface FindOptions {
  limit?: number;
  /** Only among these ids (a partner contact's own organisations). */
  ids?: readonly string[];
}

/** Runs `fn` every `ms`; the default is a real interval that does not keep the process alive. */
export type Every = (ms: number, fn: () => void) => { stop(): void };
export const realInterval: Every = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
};

const RANK: Record<MatchQuality, number> = { begins: 0, word: 1, typo: 2 };

interface Stored {
  entry: NameEntry;
  key: string;
}

export class NameIndex {
  private readonly mini: MiniSearch<{ id: string; name: string; key: string; codes: string }>;
  private readonly entries = new Map<string, Stored>();
  private sorted: Stored[] | undefined;
  private newest = 0;
  private loaded: Promise<void> | undefined;
  private stale = false;
  private running: { stop(): void } | undefined;

  constructor(
    private readonly source: NameSource,
    private readonly normalize: (text: string) => string,
  ) {
    this.mini = new MiniSearch({
      fields: ['name', 'key', 'codes'],
      storeFields: [],
      // the whole normalized name is one term ("conedison"), so it is found however it was spaced or punctuated
      tokenize: (text, field) => (field === 'key' ? [text] : MiniSearch.getDefault('tokenize')(text)),
      processTerm: (term) => this.normalize(term) || null,
      searchOptions: {
        prefix: true,
        // short words are matched exactly: typos are allowed from four letters on (one per five letters, at most two)
        fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
        maxFuzzy: 2,
        combineWith: 'AND',
      },
    });
  }

  /** Loads the index once (later calls wait for the same load); after `invalidate`, loads it again. */
  async ready(): Promise<void> {
    if (this.stale || !this.loaded) {
      this.stale = false;
      this.loaded = this.reload().catch((err) => {
        this.loaded = undefined;
        throw err;
      });
    }
    return this.loaded;
  }

  /** Forgets everything: the next look-up reloads from the source (after the collection was emptied behind it). */
  invalidate(): void {
    this.stale = true;
  }

  /** A record written by this replica: found (or no longer found, when archived) at once. */
  put(entry: NameEntry, updatedAt?: Date): void {
    const key = this.normalize(entry.name);
    if (this.mini.has(entry.id)) this.mini.discard(entry.id);
    this.mini.add({ id: entry.id, name: entry.name, key, codes: (entry.codes ?? []).join(' ') });
    this.entries.set(entry.id, { entry, key });
    this.sorted = undefined;
    if (updatedAt) this.newest = Math.max(this.newest, updatedAt.getTime());
  }

  /** A record deleted by this replica. */
  remove(id: string): void {
    if (!this.entries.has(id)) return;
    this.mini.discard(id);
    this.entries.delete(id);
    this.sorted = undefined;
  }

  /** A write this replica made without the record at hand (an update of many): the next look-up reads the changes first. */
  markChanged(): void {
    if (this.loaded) this.pendingRefresh = true;
  }
  private pendingRefresh = false;

  /** Reads what changed since the newest change seen; reloads everything when the record count disagrees. */
  async refresh(): Promise<{ changed: number; reloaded: boolean }> {
    if (!this.loaded || this.stale) {
      await this.ready();
      return { changed: this.entries.size, reloaded: true };
    }
    await this.loaded;
    this.pendingRefresh = false;
    const since = new Date(Math.max(0, this.newest - OVERLAP_MS));
    const changed = await this.source.changedSince(since);
    for (const row of changed) this.put(row, row.updatedAt);
    if ((await this.source.count()) !== this.entries.size) {
      this.loaded = this.reload();
      await this.loaded;
      return { changed: changed.length, reloaded: true };
    }
    return { changed: changed.length, reloaded: false };
  }

  /** Refreshes every `ms` (by default every 30 s on a real timer) until `stop`; starting twice starts once. */
  start(
    every: Every = realInterval,
    ms = NAME_INDEX_REFRESH_MS,
    /** Whether the source can be read now: a round is skipped while it cannot (disconnected, shutting down). */
    reachable: () => boolean = () => true,
    onError: (err: unknown) => void = () => undefined,
  ): void {
    if (this.running) return;
    this.running = every(ms, () => {
      if (reachable()) this.refresh().catch(onError);
    });
  }

  stop(): void {
    this.running?.stop();
    this.running = undefined;
  }

  /**
   * The records whose name matches `text`: names beginning with it first, then those with a word beginning with it,
   * then those within a few typos ("montifiore" → Montefiore); alphabetical within each. No text: the first names.
   */
  async find(text: string, options: FindOptions = {}): Promise<NameMatch[]> {
    await this.ready();
    if (this.pendingRefresh) await this.refresh();
    const limit = options.limit ?? 20;
    const allowed = options.ids ? new Set(options.ids) : undefined;
    const key = this.normalize(text);
    const visible = (s: Stored | undefined): s is Stored => !!s && !s.entry.archived && (!allowed || allowed.has(s.entry.id));
    if (!key) {
      const out: NameMatch[] = [];
      for (const s of this.inOrder()) {
        if (out.length >= limit) break;
        if (visible(s)) out.push(toMatch(s, 'begins'));
      }
      return out;
    }
    // names beginning with the text are a range of the sorted names: when it fills the answer, no search is needed
    const beginning = this.beginningWith(key, visible, limit);
    if (beginning.length >= limit) return beginning.map((s) => toMatch(s, 'begins'));
    const results = this.mini.search(text);
    const found = results
      .map((r) => ({ r, s: this.entries.get(String(r.id)) }))
      .filter((x): x is { r: SearchResult; s: Stored } => visible(x.s))
      .map(({ r, s }) => ({ s, score: r.score, quality: qualityOf(r, s, key) }));
    found.sort((a, b) => {
      const rank = RANK[a.quality] - RANK[b.quality];
      if (rank !== 0) return rank;
      if (a.quality === 'typo' && a.score !== b.score) return b.score - a.score;
      return compare(a.s.key, b.s.key);
    });
    return found.slice(0, limit).map((x) => toMatch(x.s, x.quality));
  }

  /** How many records the index holds (archived ones included). */
  get size(): number {
    return this.entries.size;
  }

  private inOrder(): Stored[] {
    this.sorted ??= [...this.entries.values()].sort((a, b) => compare(a.key, b.key));
    return this.sorted;
  }

  /** Up to `limit` visible records whose key begins with `key`, in order (a binary search of the sorted keys). */
  private beginningWith(key: string, visible: (s: Stored) => boolean, limit: number): Stored[] {
    const sorted = this.inOrder();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    const out: Stored[] = [];
    for (let i = lo; i < sorted.length && out.length < limit && sorted[i].key.startsWith(key); i++) {
      if (visible(sorted[i])) out.push(sorted[i]);
    }
    return out;
  }

  private async reload(): Promise<void> {
    const rows = await this.source.all();
    this.mini.removeAll();
    this.entries.clear();
    this.sorted = undefined;
    this.newest = 0;
    this.pendingRefresh = false;
    for (const row of rows) this.put(row, row.updatedAt);
  }
}

/** Normalized keys are ASCII-folded letters and digits: plain code-unit order is alphabetical (and fast). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toMatch(s: Stored, quality: MatchQuality): NameMatch {
  return { id: s.entry.id, name: s.entry.name, ...(s.entry.codes?.length ? { codes: s.entry.codes } : {}), quality };
}

/** Every typed word found as the beginning of a word (or of the whole name, or a code): no typo involved. */
function qualityOf(r: SearchResult, s: Stored, key: string): MatchQuality {
  if (s.key.startsWith(key)) return 'begins';
  return r.queryTerms.every((q) => r.terms.some((t) => t.startsWith(q))) ? 'word' : 'typo';
}
