import { parseSchoolAdd } from '../../src/schools/feature';
import { SCHOOL_ACTION, SCHOOL_HISTORY_CALLBACK, SCHOOL_LIST_MORE_ACTION, SCHOOL_LIST_MORE_BLOCK } from '../../src/schools/ids';
import { SchoolModel } from '../../src/schools/model';
import { schoolListBlocks } from '../../src/schools/views';
import { checkMessage, checkView } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

const ADMIN = 'U0ADMIN';

describe('parseSchoolAdd', () => {
  it('takes a trailing code that mixes digits and letters', () => {
    expect(parseSchoolAdd(['Aviation', 'High', 'School', '24Q610'])).toEqual({ name: 'Aviation High School', code: '24Q610' });
    expect(parseSchoolAdd(['Aviation High School'])).toEqual({ name: 'Aviation High School' });
    expect(parseSchoolAdd(['PS', '123'])).toEqual({ name: 'PS 123' });
    expect(() => parseSchoolAdd([])).toThrow(/Name the school/);
  });
});

describe('school list view', () => {
  it('stays within limits with long names', () => {
    const schools = Array.from({ length: 40 }, (_, i) => ({ id: String(i), name: `School ${i} ${'x'.repeat(300)}`, code: `0${i}M100` }));
    expect(checkMessage({ text: 't', blocks: schoolListBlocks({ schools, total: 500 }, 0) })).toEqual([]);
  });
});

describe('/iec school through Slack', () => {
  const h = useHarness({ admins: [ADMIN] });

  it('adds a school once and refuses strangers', async () => {
    await h().slack.command('/iec', 'school add "Aviation High School" 24q610', { userId: ADMIN });
    expect((await h().fake.waitFor('response_url')).args.text).toContain('Added *Aviation High School* (`24Q610`)');
    h().fake.reset();
    await h().slack.command('/iec', 'school add aviation high-school', { userId: ADMIN });
    expect((await h().fake.waitFor('response_url')).args.text).toContain('was already there');
    expect(await SchoolModel.countDocuments()).toBe(1);
    h().fake.reset();
    await h().slack.command('/iec', 'school add Evil School', { userId: 'U0STRANGER' });
    expect((await h().fake.waitFor('response_url')).args.text).toContain('only for Industry Engagement Coordinators');
  });

  it('refuses a name over the stored limit (150 characters), naming the limit; one at the limit is stored whole (#17)', async () => {
    const long = `The ${'Academy for Careers in Construction, Sustainability and Design '.repeat(3)}`.trim();
    expect(long.length).toBeGreaterThan(150);
    await h().slack.command('/iec', `school add "${long}"`, { userId: ADMIN });
    expect((await h().fake.waitFor('response_url')).args.text).toContain('A school name has at most 150 characters.');
    expect(await SchoolModel.countDocuments()).toBe(0);
    h().fake.reset();
    const atLimit = long.slice(0, 150).trim();
    await h().slack.command('/iec', `school add "${atLimit}"`, { userId: ADMIN });
    expect(String((await h().fake.waitFor('response_url')).args.text)).toContain(atLimit);
    expect((await SchoolModel.findOne().lean())?.name).toBe(atLimit);
  });

  it('pages the school list with Show more', async () => {
    await SchoolModel.insertMany(
      Array.from({ length: 90 }, (_, i) => ({
        name: `School ${String(i).padStart(2, '0')}`,
        nameKey: `school${String(i).padStart(2, '0')}`,
      })),
    );
    await h().slack.command('/iec', 'school list', { userId: ADMIN });
    const first = (await h().fake.waitFor('response_url')).args;
    expect(checkMessage(first)).toEqual([]);
    const button = (first.blocks as Array<{ block_id?: string; elements?: Array<{ value?: string }> }>).find(
      (b) => b.block_id === SCHOOL_LIST_MORE_BLOCK,
    );
    expect(button?.elements?.[0].value).toBe('40');
    await h().slack.blockAction({
      userId: ADMIN,
      actionId: SCHOOL_LIST_MORE_ACTION,
      blockId: SCHOOL_LIST_MORE_BLOCK,
      value: '40',
      ephemeral: true,
    });
    const second = await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args.blocks ?? '').includes('School 40'));
    expect(JSON.stringify(second.args.blocks)).toContain('41–80 of 90');
  });

  it('History on a row of the list opens the school’s changes, newest first; someone else is refused', async () => {
    await h().slack.command('/iec', 'school add "Aviation High School"', { userId: ADMIN });
    await h().fake.waitFor('response_url');
    await h().slack.command('/iec', 'school add "Aviation High School" 24Q610', { userId: ADMIN });
    await h().fake.waitFor('response_url', (c) => JSON.stringify(c.args).includes('24Q610'));
    h().fake.reset();
    await h().slack.command('/iec', 'school list', { userId: ADMIN });
    const list = (await h().fake.waitFor('response_url')).args;
    type Row = { block_id?: string; accessory?: { action_id?: string; value?: string } };
    const row = (list.blocks as Row[]).find((b) => b.accessory?.action_id === SCHOOL_ACTION.history);
    const id = String((await SchoolModel.findOne({}).lean())?._id);
    expect(row?.accessory?.value).toBe(id);

    await h().slack.blockAction({
      userId: ADMIN,
      ephemeral: true,
      actionId: SCHOOL_ACTION.history,
      blockId: row?.block_id ?? '',
      value: id,
    });
    const opened = await h().fake.waitFor('views.open');
    expect(opened.ok).toBe(true);
    const view = opened.response?.view as { callback_id?: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(checkView(view)).toEqual([]);
    expect(view.callback_id).toBe(SCHOOL_HISTORY_CALLBACK);
    const [subject, coded, created] = view.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(subject).toBe('*Aviation High School* `24Q610`');
    expect(coded).toContain(`<@${ADMIN}> · code added`);
    expect(coded).toContain('• district code: 24Q610');
    expect(created).toContain('created');
    expect(created).toContain('• name: Aviation High School');

    h().fake.reset();
    await h().slack.blockAction({
      userId: 'U0STRANGER',
      ephemeral: true,
      actionId: SCHOOL_ACTION.history,
      blockId: row?.block_id ?? '',
      value: id,
    });
    const refused = await h().fake.waitFor('response_url');
    expect(JSON.stringify(refused.args)).toContain('only for Industry Engagement Coordinators');
    expect(JSON.stringify(refused.args)).not.toContain('newest first');
  });
});
