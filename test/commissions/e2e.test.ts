import { CommissionModel } from '../../src/commissions/model';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

const ADMIN = 'U0ADMIN';
const LEAD = 'U0LEAD';
const STRANGER = 'U0STRANGER';

describe('/iec commission through Slack', () => {
  const h = useHarness({
    admins: [ADMIN],
    seed: async (h) => {
      h.fake.addUser({ id: 'U0CO', name: 'co' });
      await CommissionModel.create([
        { key: 'healthcare', name: 'Healthcare', leads: [LEAD] },
        { key: 'it', name: 'Information Technology' },
      ]);
    },
  });

  const run = (text: string, userId: string) => commandReply(h(), text, userId);

  it('lets an admin set the channel, a target and a lead', async () => {
    expect((await run('commission set-channel Healthcare <#C0HEALTH|health>', ADMIN)).text).toContain(
      'now posts its digests and reminders in <#C0HEALTH>',
    );
    expect((await run('commission set-target healthcare internship 12', ADMIN)).text).toContain('12 interns');
    expect((await run('commission lead add it <@U0NEW|new>', ADMIN)).text).toContain('<@U0NEW> now leads *Information Technology*');
    expect(await CommissionModel.findOne({ key: 'healthcare' }).lean()).toMatchObject({
      channelId: 'C0HEALTH',
      targets: [{ type: 'internship_hosting', quantity: 12 }],
    });
    expect((await CommissionModel.findOne({ key: 'it' }).lean())?.leads).toEqual(['U0NEW']);

    const shown = await run('commission show healthcare', ADMIN);
    expect(checkMessage(shown)).toEqual([]);
    expect(JSON.stringify(shown.blocks)).toContain('0 of 12 interns pledged');
  });

  it('takes commitment types as people type them, and help lists the types', async () => {
    for (const [text, type, n] of [
      ['commission set-target healthcare guest speaking 10', 'guest_speaking', 10],
      ['commission set-target healthcare guest-speaking 11', 'guest_speaking', 11],
      ['commission set-target healthcare "Guest speaking" 12', 'guest_speaking', 12],
      ['commission set-target healthcare Site visit / job shadow 4', 'site_visit', 4],
      ['commission set-target healthcare internships 3', 'internship_hosting', 3],
    ] as const) {
      const reply = await run(text, ADMIN);
      expect(checkMessage(reply)).toEqual([]);
      expect(reply.text).toContain(':white_check_mark:');
      const targets = (await CommissionModel.findOne({ key: 'healthcare' }).lean())?.targets ?? [];
      expect(targets.find((t) => t.type === type)?.quantity).toBe(n);
    }
    expect((await run('commission set-target healthcare guest speaking 1', ADMIN)).text).toContain('1 session this school year');
    const unknown = await run('commission set-target healthcare juggling 3', ADMIN);
    expect(unknown.text).toContain('is not a commitment type');
    expect(unknown.text).toContain('`guest speaking`');
    const help = await run('help', ADMIN);
    expect(JSON.stringify(help.blocks)).toContain('the types: mentoring, internship hosting, guest speaking');
  });

  it('lets a lead change their own commission but not another', async () => {
    expect((await run('commission lead add healthcare <@U0CO|co>', LEAD)).text).toContain('now leads *Healthcare*');
    expect((await run('commission set-target it mentoring 5', LEAD)).text).toContain('only the leads of *Information Technology*');
    expect((await CommissionModel.findOne({ key: 'it' }).lean())?.targets).toEqual([]);
  });

  it('refuses a stranger, changing nothing', async () => {
    expect((await run('commission set-channel healthcare <#C0X|x>', STRANGER)).text).toContain('only for Industry Engagement Coordinators');
    expect((await run('commission lead add healthcare <@U0STRANGER>', STRANGER)).text).toContain(
      'only for Industry Engagement Coordinators',
    );
    expect((await run('commission list', STRANGER)).text).toContain('only for Industry Engagement Coordinators');
    expect(await CommissionModel.findOne({ key: 'healthcare' }).lean()).toMatchObject({ leads: [LEAD] });
    expect((await CommissionModel.findOne({ key: 'healthcare' }).lean())?.channelId).toBeUndefined();
  });

  it('suggests the nearest key for a typo, treats operators as text, and warns about an archived channel', async () => {
    expect((await run('commission show helthcare', LEAD)).text).toContain('Did you mean `healthcare`');
    expect((await run('commission show {"$gt":""}', LEAD)).text).toContain("I don't know the commission");
    h().fake.setChannelError('C0OLD', 'is_archived');
    expect((await run('commission set-channel healthcare <#C0OLD|old>', LEAD)).text).toContain('archived');
    expect(checkMessage(await run('commission list', LEAD))).toEqual([]);
  });
});
