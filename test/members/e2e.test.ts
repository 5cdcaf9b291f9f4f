import { CommissionModel } from '../../src/commissions/model';
import { MemberActions, MemberBlocks } from '../../src/members/ids';
import { MemberModel } from '../../src/members/model';
import { memberListMessage, memberModal } from '../../src/members/views';
import { PartnerModel } from '../../src/partners/model';
import { SchoolModel } from '../../src/schools/model';
import { checkMessage, checkView } from '../support/fake-slack';
import { useHarness } from '../support/harness';
import { submitForm, warningUnder } from '../support/forms';

/** Commission members end to end: each kind added by form, listed by kind, changed and removed; bad input writes nothing. */

const ADMIN = 'UADMIN01';
const LEAD = 'ULEAD0001';
const CONTACT = 'UCONTACT1';
const TEACHER = 'UTEACHER1';
const STRANGER = 'USTRANGE1';
const NOW = new Date('2026-03-01T15:00:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  seed: async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', channelId: 'C0HEALTH', leads: [LEAD] });
    await CommissionModel.create({ key: 'automotive', name: 'Automotive', channelId: 'C0AUTO', leads: [] });
    await PartnerModel.create({
      name: 'Mount Sinai',
      commissions: ['healthcare'],
      contacts: [{ name: 'Dana Cho', email: 'dana@sinai.example.org', slackUserId: CONTACT }],
      createdBy: ADMIN,
    });
    await SchoolModel.create({ name: 'Clara Barton High School', code: '17K600' });
  },
});

const viewIdOf = (call: { response?: Record<string, unknown> }) => String((call.response?.view as { id?: string } | undefined)?.id);

async function openForm(userId = LEAD): Promise<string> {
  h().fake.reset();
  await h().slack.command('/iec', 'commission members healthcare add', { userId });
  const opened = await h().fake.waitFor('views.open');
  expect(checkView(opened.args.view)).toEqual([]);
  return viewIdOf(opened);
}

function values(over: Record<string, unknown>) {
  return {
    [MemberBlocks.kind]: { [MemberBlocks.kind]: 'industry' },
    [MemberBlocks.role]: { [MemberBlocks.role]: 'member' },
    [MemberBlocks.startDate]: { [MemberBlocks.startDate]: '2026-02-01' },
    ...over,
  } as never;
}

/** A submission's answer: inline errors (what was typed), or the modal the form helper showed after saving. */
const submit = async (viewId: string, over: Record<string, unknown>, userId = LEAD) => {
  const before = h().fake.callsTo('response_url').length;
  const { res, shown } = await submitForm(h(), { userId, view: { id: viewId }, values: values(over) });
  // a saved member is also confirmed where the form was opened: wait for it, so it is not taken for a later reply
  if (shown?.title?.text?.startsWith('Member'))
    await h().fake.waitFor('response_url', () => h().fake.callsTo('response_url').length > before);
  return {
    inline: res.json?.response_action === 'errors' ? res.json.errors : undefined,
    title: shown?.title?.text,
    under: (block: string) => warningUnder(shown, block),
  };
};

describe('/iec commission members', () => {
  it('adds a member of each kind and lists them by kind', async () => {
    await h().slack.command('/iec', 'commission members healthcare', { userId: LEAD });
    expect((await h().fake.waitFor('response_url')).args.text).toBe('Healthcare has no members yet.');
    // a partner contact in Slack: organisation and name come from the partner
    const added = await submit(await openForm(), { [MemberBlocks.user]: { [MemberBlocks.user]: CONTACT } });
    expect(added.title).toBe('Member added');
    // confirmed where /iec commission members … add was run, too
    const here = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('is a member of *Healthcare*'));
    expect(here.args).toMatchObject({ response_type: 'ephemeral' });
    // postsecondary, not in Slack
    await submit(await openForm(), {
      [MemberBlocks.kind]: { [MemberBlocks.kind]: 'postsecondary' },
      [MemberBlocks.role]: { [MemberBlocks.role]: 'co-chair' },
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Prof. Ada Ruiz' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'Kingsborough Community College' },
      [MemberBlocks.email]: { [MemberBlocks.email]: 'ada@kbcc.example.edu' },
    });
    // school staff, by the school's code
    await submit(await openForm(), {
      [MemberBlocks.kind]: { [MemberBlocks.kind]: 'school' },
      [MemberBlocks.user]: { [MemberBlocks.user]: TEACHER },
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Sam Teacher' },
      [MemberBlocks.school]: { [MemberBlocks.school]: '17k600' },
      [MemberBlocks.staffRole]: { [MemberBlocks.staffRole]: 'teacher' },
    });
    // district staff, by an administrator
    await submit(
      await openForm(ADMIN),
      {
        [MemberBlocks.kind]: { [MemberBlocks.kind]: 'district' },
        [MemberBlocks.role]: { [MemberBlocks.role]: 'chair' },
        [MemberBlocks.name]: { [MemberBlocks.name]: 'Lee District' },
      },
      ADMIN,
    );

    const rows = await MemberModel.find(
      {},
      { _id: 0, kind: 1, role: 1, name: 1, organisation: 1, schoolName: 1, partnerId: 1, slackUserId: 1 },
    )
      .sort({ kind: 1 })
      .lean();
    expect(rows).toEqual([
      { kind: 'district', role: 'chair', name: 'Lee District', organisation: '' },
      {
        kind: 'industry',
        role: 'member',
        name: 'Dana Cho',
        organisation: 'Mount Sinai',
        slackUserId: CONTACT,
        partnerId: expect.any(String),
      },
      { kind: 'postsecondary', role: 'co-chair', name: 'Prof. Ada Ruiz', organisation: 'Kingsborough Community College' },
      {
        kind: 'school',
        role: 'member',
        name: 'Sam Teacher',
        organisation: '',
        schoolName: 'Clara Barton High School',
        slackUserId: TEACHER,
      },
    ]);

    h().fake.reset();
    await h().slack.command('/iec', 'commission members healthcare', { userId: LEAD });
    const list = (await h().fake.waitFor('response_url')).args as { text: string; blocks: unknown[] };
    expect(checkMessage(list)).toEqual([]);
    const text = JSON.stringify(list.blocks);
    for (const heading of ['*Industry* (1)', '*Postsecondary* (1)', '*School staff* (1)', '*District staff* (1)'])
      expect(text).toContain(heading);
    expect(text).toContain('Clara Barton High School');
    expect(text).toContain(MemberActions.row);

    // a member sees the list (without menus); a stranger is refused
    h().fake.reset();
    await h().slack.command('/iec', 'commission members healthcare', { userId: TEACHER });
    const seen = JSON.stringify((await h().fake.waitFor('response_url')).args);
    expect(seen).toContain('Mount Sinai');
    expect(seen).not.toContain(MemberActions.row);
    h().fake.reset();
    await h().slack.command('/iec', 'commission members healthcare', { userId: STRANGER });
    expect((await h().fake.waitFor('response_url')).args.text).toContain('only members of *Healthcare*');
  });

  it('a person may belong to several commissions', async () => {
    await submit(await openForm(ADMIN), { [MemberBlocks.user]: { [MemberBlocks.user]: CONTACT } }, ADMIN);
    h().fake.reset();
    await h().slack.command('/iec', 'commission members automotive add', { userId: ADMIN });
    const other = viewIdOf(await h().fake.waitFor('views.open'));
    expect((await submit(other, { [MemberBlocks.user]: { [MemberBlocks.user]: CONTACT } }, ADMIN)).title).toBe('Member added');
    expect((await MemberModel.find({ slackUserId: CONTACT }).lean()).map((m) => m.commissionKey).sort()).toEqual([
      'automotive',
      'healthcare',
    ]);
  });

  it('refuses a duplicate member and an unknown school under their field, missing details inline, writing nothing', async () => {
    await submit(await openForm(), {
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Ray Chen' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'NYU Langone' },
    });
    expect(await MemberModel.countDocuments()).toBe(1);
    const viewId = await openForm();
    const duplicate = await submit(viewId, {
      [MemberBlocks.name]: { [MemberBlocks.name]: 'ray  chen' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'NYU langone' },
    });
    expect(duplicate.under(MemberBlocks.name)).toContain('is already a member of Healthcare');
    const misspelt = await submit(viewId, {
      [MemberBlocks.kind]: { [MemberBlocks.kind]: 'school' },
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Pat Staff' },
      [MemberBlocks.school]: { [MemberBlocks.school]: 'Clara Bart High' },
    });
    expect(misspelt.under(MemberBlocks.school)).toContain(
      `I don't know the school "Clara Bart High". Did you mean Clara Barton High School`,
    );
    const unknown = await submit(viewId, {
      [MemberBlocks.kind]: { [MemberBlocks.kind]: 'school' },
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Pat Staff' },
      [MemberBlocks.school]: { [MemberBlocks.school]: 'Atlantis Academy' },
    });
    expect(unknown.under(MemberBlocks.school)).toContain('/iec school add');
    expect(
      (await submit(viewId, { [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'Acme' } })).under(MemberBlocks.name),
    ).toContain('Pick the person in Slack above, or give their name.');
    const badEmail = await submit(viewId, {
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Someone' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'Acme' },
      [MemberBlocks.email]: { [MemberBlocks.email]: 'not-an-email' },
    });
    expect(badEmail.inline).toEqual({ [MemberBlocks.email]: expect.stringContaining('not an email address') });
    expect(await MemberModel.countDocuments()).toBe(1);
  });

  it('only leads and administrators add members', async () => {
    await h().slack.command('/iec', 'commission members healthcare add', { userId: TEACHER });
    expect((await h().fake.waitFor('response_url')).args.text).toContain('only the leads of *Healthcare*');
    expect(h().fake.callsTo('views.open')).toHaveLength(0);
  });

  it('changes a member with history, and removes one, from the list menu', async () => {
    await submit(await openForm(), {
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Ray Chen' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'NYU Langone' },
    });
    const id = String((await MemberModel.findOne().lean())?._id);
    h().fake.reset();
    await h().slack.command('/iec', 'commission members healthcare', { userId: LEAD });
    const list = (await h().fake.waitFor('response_url')).args as { blocks: unknown[] };
    const rowBlock = (list.blocks as Array<{ block_id?: string; accessory?: { action_id: string } }>).find(
      (b) => b.accessory?.action_id === MemberActions.row,
    );
    await h().slack.blockAction({
      userId: LEAD,
      actionId: MemberActions.row,
      blockId: rowBlock?.block_id ?? '',
      type: 'overflow',
      selectedOption: `edit:${id}`,
      message: { blocks: list.blocks as never },
    });
    const opened = await h().fake.waitFor('views.open');
    expect(JSON.stringify(opened.args.view)).toContain('Ray Chen');
    const changedForm = await submit(viewIdOf(opened), {
      [MemberBlocks.role]: { [MemberBlocks.role]: 'chair' },
      [MemberBlocks.name]: { [MemberBlocks.name]: 'Ray Chen' },
      [MemberBlocks.organisation]: { [MemberBlocks.organisation]: 'NYU Langone' },
    });
    expect(changedForm.title).toBe('Member changed');
    const changed = await MemberModel.findById(id).lean();
    expect(changed).toMatchObject({ role: 'chair', revision: 1, history: [{ by: LEAD, change: 'role member → chair' }] });

    await h().slack.blockAction({
      userId: LEAD,
      actionId: MemberActions.row,
      blockId: rowBlock?.block_id ?? '',
      type: 'overflow',
      selectedOption: `remove:${id}`,
      message: { blocks: list.blocks as never },
    });
    expect((await h().fake.waitForNext('response_url')).args.text).toContain('is no longer a member of *Healthcare*');
    expect(await MemberModel.countDocuments()).toBe(0);
  });
});

describe('member views', () => {
  it('stay within Slack limits with long names and many members', () => {
    const long = 'x'.repeat(400);
    const members = Array.from({ length: 120 }, (_, i) => ({
      _id: { toString: () => `${String(i).padStart(24, '0')}` },
      commissionKey: 'healthcare',
      personKey: `name:${i}`,
      kind: (['industry', 'postsecondary', 'school', 'district'] as const)[i % 4],
      role: 'member',
      startDate: '2026-01-01',
      name: `${long}${i}`,
      organisation: long,
      email: '',
      schoolName: long,
      staffRole: '',
      revision: 0,
      addedBy: LEAD,
      history: [],
    })) as never[];
    const message = memberListMessage({
      commission: { key: 'healthcare', name: long },
      members,
      canManage: true,
      zone: 'America/New_York',
    });
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('and 80 more members');
    expect(checkView(memberModal({ commission: { key: 'healthcare', name: long }, member: members[2], today: '2026-03-01' }))).toEqual([]);
  });
});
