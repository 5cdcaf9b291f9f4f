import { CommissionModel } from '../../src/commissions/model';
import { NoSchoolDayModel } from '../../src/calendar/model';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

const ADMIN = 'U0ADMIN';
const LEAD = 'U0LEAD';
const STRANGER = 'U0STRANGER';

describe('/iec calendar through Slack', () => {
  const h = useHarness({
    admins: [ADMIN],
    now: new Date('2026-11-02T15:00:00Z'),
    seed: async () => {
      await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', leads: [LEAD] });
    },
  });

  async function run(text: string, userId = ADMIN): Promise<{ text?: string; blocks?: unknown[] }> {
    h().fake.reset();
    const res = await h().slack.command('/iec', text, { userId });
    expect(res.status).toBe(200);
    const call = await h().fake.waitFor('response_url');
    expect(checkMessage(call.args)).toEqual([]);
    return call.args as { text?: string; blocks?: unknown[] };
  }

  it('an administrator adds a range and a day, lists them with Slack dates, and removes one', async () => {
    expect((await run('calendar add 2026-11-26 2026-11-27 Thanksgiving break')).text).toContain('*Thanksgiving break*');
    expect((await run('calendar add 2026-11-30 State testing')).text).toContain('*State testing*');
    const list = await run('calendar list');
    const shown = JSON.stringify(list.blocks);
    expect(shown).toContain('Thanksgiving break');
    expect(shown).toContain('<!date^');
    expect((await run('calendar remove 2026-11-27')).text).toContain('Removed *Thanksgiving break*');
    expect(await NoSchoolDayModel.find({}, { label: 1, _id: 0 }).lean()).toEqual([{ label: 'State testing' }]);
  });

  it('answers mistakes with what to type instead, and changes nothing', async () => {
    expect((await run('calendar add 26/11/2026 Thanksgiving')).text).toContain('YYYY-MM-DD');
    expect((await run('calendar add 2026-11-26')).text).toContain('Add a label');
    expect((await run('calendar remove')).text).toContain('/iec calendar remove 2026-11-26');
    expect((await run('calendar frob')).text).toContain('/iec calendar list');
    expect((await run('calendar add 2026-11-26 {"$gt":""}')).text).toContain('No school');
    expect(await NoSchoolDayModel.findOne({}).lean()).toMatchObject({ label: '{"$gt":""}' });
  });

  it('is a district-wide setting: a lead sees it but only administrators change it', async () => {
    expect((await run('calendar add 2026-11-26 2027-06-30 Silence every digest', LEAD)).text).toContain('only iec-bot administrators');
    await run('calendar add 2026-11-26 Thanksgiving');
    expect((await run('calendar remove 2026-11-26', LEAD)).text).toContain('district-wide setting');
    expect(await NoSchoolDayModel.countDocuments()).toBe(1);
    expect(JSON.stringify((await run('calendar list', LEAD)).blocks)).toContain('Thanksgiving');
  });

  it('is for IECs only', async () => {
    expect((await run('calendar add 2026-11-26 Thanksgiving', STRANGER)).text).toContain('only for Industry Engagement Coordinators');
    expect(await NoSchoolDayModel.countDocuments()).toBe(0);
    expect((await run('calendar list', ADMIN)).text).toContain('No no-school days are coming up');
  });
});
