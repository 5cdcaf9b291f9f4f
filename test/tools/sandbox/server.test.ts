import type { IncomingMessage, Server } from 'node:http';
import { clockSuggestions, conversation, foreignRequest, mimeType, ReadMarks, unreadCount } from '../../../tools/sandbox/server';
import type { FakeEphemeral, FakeMessage } from '../../../tools/slack-standin';

const msg = (ts: string, extra: Partial<FakeMessage> = {}): FakeMessage => ({
  type: 'message',
  channel: 'C1',
  ts,
  text: `m${ts}`,
  user: 'UBOT',
  bot_id: 'B1',
  team: 'T1',
  ...extra,
});

describe('what the page shows', () => {
  it('puts thread replies under their message and the viewer’s ephemeral replies in time order', () => {
    const eph: FakeEphemeral = { channel: 'C1', user: 'U1', ts: '2.5', text: 'only you' };
    const shown = conversation(
      [msg('1'), msg('2'), msg('3', { thread_ts: '1' }), msg('4', { user: 'U2', bot_id: undefined })],
      [eph],
      'UBOT',
    );
    expect(shown.map((m) => [m.ts, m.ephemeral, m.isApp])).toEqual([
      ['1', false, true],
      ['2', false, true],
      ['2.5', true, true],
      ['4', false, false],
    ]);
    expect(shown[0].replies.map((r) => r.ts)).toEqual(['3']);
  });

  it('suggests next Monday 9:05 in the app’s zone (the weekly digest), tomorrow morning and in an hour', () => {
    const [monday, tomorrow, hour] = clockSuggestions(new Date('2026-11-28T23:30:00Z'), 'America/New_York'); // Saturday evening there
    expect(monday.at).toBe('2026-11-30T09:05:00.000-05:00');
    expect(tomorrow.at).toBe('2026-11-29T09:00:00.000-05:00');
    expect(new Date(hour.at).getTime()).toBe(new Date('2026-11-29T00:30:00Z').getTime());
    const onMonday = clockSuggestions(new Date('2026-11-30T15:00:00Z'), 'America/New_York');
    expect(onMonday[0].at).toBe('2026-12-07T09:05:00.000-05:00');
  });
});

describe('unread marks', () => {
  it('counts what others posted after the viewer last opened the channel, and only moves the mark forward', () => {
    const marks = new ReadMarks();
    const messages = [msg('1'), msg('2', { user: 'U1' }), msg('3')];
    expect(unreadCount(messages, 'U1', marks.lastRead('U1', 'C1'))).toBe(2);
    expect(marks.markRead('U1', 'C1', '3')).toBe(true);
    expect(unreadCount([...messages, msg('4')], 'U1', marks.lastRead('U1', 'C1'))).toBe(1);
    expect(marks.markRead('U1', 'C1', '2')).toBe(false);
    expect(new ReadMarks(marks.snapshot()).lastRead('U1', 'C1')).toBe('3');
  });
});

describe('files as the page serves them', () => {
  it('types them by name, else by what the upload declared', () => {
    expect(mimeType('chart.png')).toBe('image/png');
    expect(mimeType('export.CSV', 'application/octet-stream')).toBe('text/csv; charset=utf-8');
    expect(mimeType('blob', 'application/pdf')).toBe('application/pdf');
    expect(mimeType('blob')).toBe('application/octet-stream');
  });
});

describe('only the page itself drives the sandbox', () => {
  const server = { address: () => ({ port: 3000 }) } as unknown as Server;
  const req = (headers: Record<string, string>, method = 'POST') => ({ headers, method }) as unknown as IncomingMessage;
  it('refuses another Host (DNS rebinding) and another Origin, unless exposed with --host (Origin still checked)', () => {
    expect(foreignRequest(req({ host: 'localhost:3000', origin: 'http://localhost:3000' }), server, false)).toBeUndefined();
    expect(foreignRequest(req({ host: '127.0.0.1:3000' }, 'GET'), server, false)).toBeUndefined();
    expect(foreignRequest(req({ host: 'evil.example:3000' }, 'GET'), server, false)).toContain('answers only on localhost:3000');
    expect(foreignRequest(req({ host: 'localhost:3000', origin: 'https://evil.example' }), server, false)).toContain('another site');
    expect(foreignRequest(req({ host: 'localhost:3000', 'sec-fetch-site': 'cross-site' }), server, false)).toContain('another site');
    expect(foreignRequest(req({ host: 'box.lan:3000', origin: 'http://box.lan:3000' }), server, true)).toBeUndefined();
    expect(foreignRequest(req({ host: 'box.lan:3000', origin: 'http://evil.example' }), server, true)).toContain('another site');
  });
});
