import type { FakeSlack, FakeSlackCall } from './fake-slack';

/**
 * A name that formats, pings and links if it ever reaches mrkdwn unescaped. Tests give it to every user-supplied
 * field (partners, contacts, schools, deliverables, meetings, agendas, notes) and let `watchCanary` flag it.
 */
export const CANARY = '*Canary* & Sons <!channel> <https://evil.example|z> _u_ ~s~ `c`';

/** What must never appear in mrkdwn: each piece of the canary, raw. */
const RAW_PIECES = ['*Canary*', '& Sons', '<!channel>', '<https://evil.example|z>', '_u_', '~s~', '`c`'];
/** What must never appear in plain_text (shown literally there): the canary escaped, as if for mrkdwn. */
const ESCAPED_PIECES = ['&amp; Sons', '&lt;!channel', '\u200D*\u200DCanary'];

export interface CanaryProblem {
  method: string;
  /** JSON-ish path of the text that carries it. */
  path: string;
  kind: 'unescaped in mrkdwn' | 'escaped in plain_text';
  text: string;
}

/** Every text of a call's arguments that shows the canary wrongly. */
export function canaryProblems(call: Pick<FakeSlackCall, 'method' | 'args'>): CanaryProblem[] {
  const problems: CanaryProblem[] = [];
  const check = (text: string, kind: 'mrkdwn' | 'plain_text', path: string) => {
    if (kind === 'mrkdwn' && RAW_PIECES.some((p) => text.includes(p)))
      problems.push({ method: call.method, path, kind: 'unescaped in mrkdwn', text });
    if (kind === 'plain_text' && ESCAPED_PIECES.some((p) => text.includes(p)))
      problems.push({ method: call.method, path, kind: 'escaped in plain_text', text });
  };
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}/${i}`);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string') {
      check(obj.text, obj.type, `${path}/text`);
      return;
    }
    // rich_text elements show their text literally
    if (obj.type === 'text' && typeof obj.text === 'string') check(obj.text, 'plain_text', `${path}/text`);
    for (const [key, v] of Object.entries(obj)) walk(v, `${path}/${key}`);
  };
  const args = call.args as Record<string, unknown>;
  // the top-level `text` of a message (its notification fallback) is mrkdwn unless `mrkdwn: false`
  if (typeof args.text === 'string') check(args.text, args.mrkdwn === false ? 'plain_text' : 'mrkdwn', '/text');
  if (typeof args.initial_comment === 'string') check(args.initial_comment, 'mrkdwn', '/initial_comment');
  if (typeof args.title === 'string') check(args.title, 'plain_text', '/title');
  if (Array.isArray(args.files)) {
    for (const [i, f] of args.files.entries()) {
      const title = (f as { title?: unknown }).title;
      if (typeof title === 'string') check(title, 'plain_text', `/files/${i}/title`);
    }
  }
  for (const key of ['blocks', 'attachments', 'view']) {
    const v = args[key];
    walk(typeof v === 'string' ? safeJson(v) : v, `/${key}`);
  }
  return problems;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Flags the canary in everything the fake Slack receives from now on (messages, ephemerals, response_url posts,
 * views, files). Returns the problems seen so far (a live array) and how many calls carried the canary at all, so
 * a sweep can show it reached Slack.
 */
export function watchCanary(fake: FakeSlack): { problems: CanaryProblem[]; seen: () => number; stop: () => void } {
  const problems: CanaryProblem[] = [];
  let seen = 0;
  const stop = fake.subscribe((call) => {
    const json = JSON.stringify(call.args);
    if (json.includes('Canary')) seen += 1;
    problems.push(...canaryProblems(call));
  });
  return { problems, seen: () => seen, stop };
}
