import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadState, saveState, STATE_FILE, type SandboxState } from '../../../tools/sandbox/store';
import { FakeSlack } from '../../../tools/slack-standin';

describe('what the sandbox keeps between runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sandbox-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips the stand-in's messages and files (bytes included), modals, read marks and the clock", async () => {
    const fake = await FakeSlack.start();
    try {
      const m = fake.seedMessage('C1', { text: 'AT&amp;T', blocks: [{ type: 'divider' }] });
      const view = fake.seedView({ type: 'modal', title: { type: 'plain_text', text: 'Form' }, user_id: 'U1' });
      const state: SandboxState = {
        version: 1,
        slack: fake.snapshot(),
        modals: { stacks: { U1: [view.id] }, errors: { [view.id]: { b: 'wrong' } }, problems: {} },
        read: { U1: { C1: m.ts } },
        clock: { simMs: 1, wallMs: 2, rate: 1 },
      };
      saveState(dir, state);
      const loaded = loadState(dir);
      expect(loaded).toEqual({ ok: true, state: JSON.parse(JSON.stringify(state)) });

      const again = await FakeSlack.start();
      try {
        if (loaded.ok && loaded.state) again.restore(loaded.state.slack);
        expect(again.message('C1', m.ts)).toMatchObject({ text: 'AT&amp;T' });
        expect(again.view(view.id)?.title?.text).toBe('Form');
        // new messages continue after the restored ones
        expect(Number(again.seedMessage('C1').ts)).toBeGreaterThan(Number(m.ts));
      } finally {
        await again.stop();
      }
    } finally {
      await fake.stop();
    }
  });

  it('has nothing on a first run, and names a damaged file and the way out instead of half-reading it', () => {
    expect(loadState(dir)).toEqual({ ok: true });
    writeFileSync(path.join(dir, STATE_FILE), '{"version":1,');
    expect(loadState(dir)).toEqual({ ok: false, problem: expect.stringMatching(/is not JSON.*--fresh/) });
    writeFileSync(path.join(dir, STATE_FILE), JSON.stringify({ version: 1, slack: {} }));
    expect(loadState(dir)).toEqual({ ok: false, problem: expect.stringMatching(/slack\.messages.*--fresh/) });
    expect(readFileSync(path.join(dir, STATE_FILE), 'utf8')).toContain('version');
  });
});
