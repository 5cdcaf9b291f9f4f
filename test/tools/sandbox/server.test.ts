import { clockSuggestions, conversation } from '../../../tools/sandbox/server';
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
