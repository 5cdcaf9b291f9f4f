import { CommissionModel } from '../../src/commissions/model';
import { commandReply } from '../support/command-reply';
import { useHarness } from '../support/harness';

/**
 * Appointing a lead in an Enterprise Grid district: the district's organisation is the enterprise (auth.test's
 * enterprise_id), not the workspace. Through signed requests, with the fake Slack in an enterprise.
 */

const LEAD = 'U0GRIDLEAD';
const SAME_WORKSPACE = 'U0GRIDSAME';
const OTHER_WORKSPACE = 'W0GRIDOTHR';
const OTHER_ENTERPRISE = 'W0FOREIGN1';
const NO_ENTERPRISE = 'U0NOENTERP';

const h = useHarness({
  enterprise: { id: 'E0DISTRICT', name: 'NYC District' },
  seed: async (h) => {
    h.fake.addUser({ id: SAME_WORKSPACE, name: 'same.workspace' });
    // another workspace of the district's own organisation
    h.fake.addUser({ id: OTHER_WORKSPACE, name: 'other.workspace', team_id: 'T0SCHOOLS', enterprise_id: 'E0DISTRICT' });
    // the same workspace id cannot make up for another organisation
    h.fake.addUser({ id: OTHER_ENTERPRISE, name: 'foreign', enterprise_id: 'E0PARTNERCO' });
    h.fake.addUser({ id: NO_ENTERPRISE, name: 'no.enterprise', team_id: 'T0ELSEWHER' });
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', leads: [LEAD] });
  },
});

const run = (text: string) => commandReply(h(), text, LEAD);

it('the stand-in reports the enterprise in auth.test, users.info and payloads', async () => {
  const auth = (await fetch(`${h().fake.apiUrl}auth.test`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-test-0000-iec-bot' },
  }).then((r) => r.json())) as { enterprise_id?: string };
  expect(auth.enterprise_id).toBe('E0DISTRICT');
  expect(h().fake.user(SAME_WORKSPACE)?.enterprise_user?.enterprise_id).toBe('E0DISTRICT');
  expect(h().fake.user(NO_ENTERPRISE)?.enterprise_user).toBeUndefined();
  expect(h().slack.ctx.enterprise?.id).toBe('E0DISTRICT');
});

it('a lead appoints people of the same enterprise, in any of its workspaces, and nobody of another organisation', async () => {
  expect((await run(`commission lead add construction <@${OTHER_ENTERPRISE}>`)).text).toContain('another organisation');
  expect((await run(`commission lead add construction <@${NO_ENTERPRISE}>`)).text).toContain('another organisation');
  expect((await run(`commission lead add construction <@${SAME_WORKSPACE}>`)).text).toContain('now leads');
  expect((await run(`commission lead add construction <@${OTHER_WORKSPACE}>`)).text).toContain('now leads');
  expect((await CommissionModel.findOne({ key: 'construction' }).lean())?.leads).toEqual([LEAD, SAME_WORKSPACE, OTHER_WORKSPACE]);
});
