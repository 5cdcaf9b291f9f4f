import { AUDIT_MORE_ACTION, AUDIT_MORE_BLOCK } from '../../src/audit/ids';
import { recordAudit } from '../../src/audit/service';
import { CommissionModel } from '../../src/commissions/model';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

const ADMIN = 'U0ADMINAU';
const LEAD = 'U0LEADAUD';
const COLLEAGUE = 'U0COLLAUD';
const NOW = new Date('2026-11-02T15:00:00Z');

describe('/iec audit', () => {
  const h = useHarness({
    admins: [ADMIN],
    now: NOW,
    seed: async (h) => {
      h.fake.addUser({ id: COLLEAGUE, name: 'colleague' });
      await CommissionModel.create([
        { key: 'healthcare', name: 'Healthcare', leads: [LEAD] },
        { key: 'it', name: 'Information Technology' },
      ]);
    },
  });
  const run = (text: string, userId = ADMIN) => commandReply(h(), text, userId);
  const shown = (reply: { blocks?: unknown[] }) => JSON.stringify(reply.blocks);

  it('records roles, settings and the calendar, who and when, from what to what; newest first', async () => {
    await run('commission set-channel healthcare <#C0HEALTH|health>', LEAD);
    h().setNow(new Date(NOW.getTime() + 60_000));
    await run('commission set-target healthcare mentoring 40', LEAD);
    h().setNow(new Date(NOW.getTime() + 120_000));
    await run(`commission lead add healthcare <@${COLLEAGUE}>`, LEAD);
    h().setNow(new Date(NOW.getTime() + 180_000));
    await run('calendar add 2026-11-26 2026-11-27 Thanksgiving break');
    h().setNow(new Date(NOW.getTime() + 240_000));
    await run(`admin add <@${COLLEAGUE}>`);

    const all = await run('audit');
    expect(checkMessage(all)).toEqual([]);
    const text = shown(all);
    const order = ['made an administrator', 'no-school days added', 'lead appointed', 'target changed', 'channel changed'].map((w) =>
      text.indexOf(w),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('channel: _none_ → <#C0HEALTH>');
    expect(text).toContain('target mentoring: 0 → 40');
    expect(text).toContain(`lead: _none_ → <@${COLLEAGUE}>`);
    expect(text).toContain(`by <@${LEAD}>`);

    const health = shown(await run('audit healthcare'));
    expect(health).toContain('channel changed');
    expect(health).not.toContain('no-school days');
    const colleague = shown(await run(`audit <@${COLLEAGUE}>`));
    expect(colleague).toContain('lead appointed');
    expect(colleague).toContain('made an administrator');
    expect(colleague).not.toContain('target changed');
  });

  it('is for administrators only', async () => {
    expect((await run('audit', LEAD)).text).toContain('for iec-bot administrators only');
    expect((await run('audit healthcare', LEAD)).text).toContain('for iec-bot administrators only');
  });

  it('pages with Show more, newest first', async () => {
    for (let i = 0; i < 20; i += 1) {
      await recordAudit({
        at: new Date(NOW.getTime() + i * 1000),
        by: ADMIN,
        action: 'commission.target',
        subject: `Change ${i}`,
        commissionKey: 'it',
      });
    }
    const first = await run('audit it');
    expect(shown(first)).toContain('Change 19');
    expect(shown(first)).not.toContain('Change 4 ');
    const more = (first.blocks as Array<{ block_id?: string; elements?: Array<{ value: string }> }>).find(
      (b) => b.block_id === AUDIT_MORE_BLOCK,
    );
    expect(more).toBeDefined();
    await h().slack.blockAction({
      userId: ADMIN,
      ephemeral: true,
      actionId: AUDIT_MORE_ACTION,
      blockId: AUDIT_MORE_BLOCK,
      value: more?.elements?.[0].value ?? '',
    });
    const next = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('Change 0'));
    expect(checkMessage(next.args)).toEqual([]);
    expect(JSON.stringify(next.args.blocks)).not.toContain('Change 19');
  });
});
