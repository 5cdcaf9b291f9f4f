import { ACTION, BLOCK } from '../../src/commitments/ids';
import { CommissionModel } from '../../src/commissions/model';
import { NameIndex, type Every } from '../../src/domain/name-index';
import { partnerNameSource } from '../../src/partners';
import { PARTNER_ACTION, PARTNER_BLOCK } from '../../src/partners/ids';
import { PartnerModel } from '../../src/partners/model';
import { SchoolModel } from '../../src/schools/model';
import { useHarness } from '../support/harness';
import { viewOf } from '../support/views';
import { normalizeName } from '../../src/domain/names';

/**
 * Partner and school names are found with typos, from each replica's in-memory fuzzy index: through signed
 * type-ahead requests, `/commit` prefilled from one clear match, and a second replica that sees another's rename
 * at its next 30-second refresh.
 */

const IEC = 'U0IEC0001';

const h = useHarness({
  admins: [IEC],
  seed: async () => {
    await CommissionModel.create([{ key: 'healthcare', name: 'Healthcare' }]);
    await PartnerModel.create([
      { name: 'Montefiore Medical Center', commissions: ['healthcare'] },
      { name: 'Con Edison', commissions: ['healthcare'] },
      { name: 'Turner Construction' },
      { name: 'Consolidated Edison Solutions' },
      { name: 'Mount Sinai Health System' },
    ]);
    await SchoolModel.create([
      { name: 'Aviation High School', code: '24Q610' },
      { name: 'Thomas Edison CTE High School', code: '27Q650' },
    ]);
  },
});

async function openCommit(text: string): Promise<{ id: string; blocks: unknown[] }> {
  const before = h().fake.callsTo('views.open').length;
  await h().slack.command('/commit', text, { userId: IEC });
  const opened = await h().fake.waitFor('views.open', () => h().fake.callsTo('views.open').length > before, 15_000);
  return viewOf<{ blocks: unknown[] }>(opened);
}

async function typeAhead(viewId: string, value: string, kind: 'partner' | 'schools' = 'partner'): Promise<string[]> {
  const res = await h().slack.options({ userId: IEC, actionId: ACTION[kind], blockId: BLOCK[kind], value, view: { id: viewId } });
  expect(res.status).toBe(200);
  return (res.json?.options ?? []).map((o) => o.text.text);
}

/** The partner preselected in the commitment form, if any. */
function prefilled(view: { blocks: unknown[] }): string | undefined {
  const block = (view.blocks as Array<{ block_id?: string; element?: { initial_option?: { text: { text: string } } } }>).find(
    (b) => b.block_id === BLOCK.partner,
  );
  return block?.element?.initial_option?.text.text;
}

it('the type-ahead finds "montifiore" and "edisn"; schools with a typo too', async () => {
  const form = await openCommit('');
  expect(await typeAhead(form.id, 'montifiore')).toEqual(['Montefiore Medical Center']);
  expect((await typeAhead(form.id, 'edisn')).sort()).toEqual(['Con Edison', 'Consolidated Edison Solutions']);
  expect((await typeAhead(form.id, 'con ed'))[0]).toBe('Con Edison');
  expect(await typeAhead(form.id, 'aviaton', 'schools')).toEqual(['Aviation High School (24Q610)']);
  expect(await typeAhead(form.id, '27q', 'schools')).toEqual(['Thomas Edison CTE High School (27Q650)']);
});

it('/commit with one clear match prefills it; with several, none, and the nearest names are suggested', async () => {
  expect(prefilled(await openCommit('Turner'))).toBe('Turner Construction');
  expect(prefilled(await openCommit('montifiore'))).toBe('Montefiore Medical Center');
  const several = await openCommit('con');
  expect(prefilled(several)).toBeUndefined();
  const updated = await h().fake.waitFor('views.update', (c) => c.args.view_id === several.id);
  expect(JSON.stringify(updated.args.view)).toContain('Did you mean');
});

it('a rename is found at once on the replica that made it, and on another replica at its next 30-second refresh', async () => {
  // a second replica: its own index on the same database, with its 30 s timer in the test's hand
  let tick: (() => void) | undefined;
  const every: Every = (ms, fn) => {
    expect(ms).toBe(30_000);
    tick = fn;
    return { stop: () => (tick = undefined) };
  };
  const other = new NameIndex(partnerNameSource, normalizeName);
  other.start(every);
  await other.ready();

  await h().slack.command('/iec', 'partner edit Turner Construction', { userId: IEC });
  const edit = viewOf(await h().fake.waitFor('views.open'));
  const saved = await h().slack.viewSubmission({
    userId: IEC,
    view: { id: edit.id },
    values: { [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: 'Tishman Speyer' } },
  });
  expect(saved.json?.response_action).toBe('update');

  const form = await openCommit('');
  expect(await typeAhead(form.id, 'tishmann')).toEqual(['Tishman Speyer']);
  expect(await typeAhead(form.id, 'turner')).toEqual([]);

  expect((await other.find('tishmann')).map((m) => m.name)).toEqual([]);
  tick?.();
  for (let i = 0; i < 50 && (await other.find('tishmann')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await other.find('tishmann')).map((m) => m.name)).toEqual(['Tishman Speyer']);
  expect(await other.find('turner')).toEqual([]);
  other.stop();
});
