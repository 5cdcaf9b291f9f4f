import {
  dateBounds,
  duplicateMetadataSchema,
  encodeMetadata,
  formMetadataSchema,
  listRowBlockId,
  listQuerySchema,
  pageOfBlockId,
  parseCommitmentForm,
  parseFulfilledQuantity,
  statusChoiceSchema,
} from '../../src/commitments/form';
import { parseOwnJson } from '../../src/slack/view-state';
import { ACTION, BLOCK } from '../../src/commitments/ids';
import type { StateValues } from '../../src/slack/view-state';

const NOW = new Date('2026-09-15T14:00:00Z');
const ZONE = 'America/New_York';
const PARTNER = 'b'.repeat(24);
const SCHOOL = 'c'.repeat(24);

interface Typed {
  partner?: string;
  commission?: string;
  type?: string;
  quantity?: string;
  start?: string;
  end?: string;
  schools?: string[];
  schoolName?: string;
  schoolCode?: string;
  notes?: string;
}

/** `view.state.values` as Slack sends them for the commitment form. */
function state(t: Typed): StateValues {
  const select = (v?: string) => ({ selected_option: v ? { value: v } : null });
  return {
    [BLOCK.partner]: { [ACTION.partner]: { type: 'external_select', ...select(t.partner) } },
    [BLOCK.commission]: { [ACTION.commission]: { type: 'static_select', ...select(t.commission) } },
    [BLOCK.type]: { [ACTION.type]: { type: 'static_select', ...select(t.type) } },
    [BLOCK.quantity]: { [ACTION.quantity]: { type: 'number_input', value: t.quantity ?? null } },
    [BLOCK.startDate]: { [ACTION.startDate]: { type: 'datepicker', selected_date: t.start ?? null } },
    [BLOCK.endDate]: { [ACTION.endDate]: { type: 'datepicker', selected_date: t.end ?? null } },
    [BLOCK.schools]: {
      [ACTION.schools]: { type: 'multi_external_select', selected_options: (t.schools ?? []).map((value) => ({ value })) },
    },
    [BLOCK.newSchoolName]: { [ACTION.newSchoolName]: { type: 'plain_text_input', value: t.schoolName ?? null } },
    [BLOCK.newSchoolCode]: { [ACTION.newSchoolCode]: { type: 'plain_text_input', value: t.schoolCode ?? null } },
    [BLOCK.notes]: { [ACTION.notes]: { type: 'plain_text_input', value: t.notes ?? null } },
  };
}

const GOOD: Typed = {
  partner: PARTNER,
  commission: 'construction',
  type: 'mentoring',
  quantity: '12',
  start: '2026-10-01',
  schools: [SCHOOL],
};

describe('parseCommitmentForm', () => {
  it('turns a complete form into a CommitmentInput', () => {
    expect(
      parseCommitmentForm(
        state({ ...GOOD, end: '2026-10-31', notes: '  bring badges\u0007 ', schoolName: 'New Tech HS', schoolCode: '02m999' }),
        NOW,
        ZONE,
      ),
    ).toEqual({
      ok: true,
      value: {
        input: {
          partnerId: PARTNER,
          commissionKey: 'construction',
          type: 'mentoring',
          quantity: 12,
          startDate: '2026-10-01',
          endDate: '2026-10-31',
          schoolIds: [SCHOOL],
          notes: 'bring badges',
        },
        newSchool: { name: 'New Tech HS', code: '02M999' },
      },
    });
  });

  it.each([
    ['quantity 0', { quantity: '0' }, BLOCK.quantity, /whole number greater than 0/],
    ['quantity 2.5', { quantity: '2.5' }, BLOCK.quantity, /whole number/],
    ['quantity -3', { quantity: '-3' }, BLOCK.quantity, /whole number/],
    ['no quantity', { quantity: undefined }, BLOCK.quantity, /Enter how many/],
    ['end before start', { end: '2026-09-30' }, BLOCK.endDate, /cannot be before the start/],
    ['start too far back', { start: '2024-09-01' }, BLOCK.startDate, /between 2024-09-15 and 2031-09-15/],
    ['end too far ahead', { end: '2032-01-01' }, BLOCK.endDate, /between/],
    ['no partner', { partner: undefined }, BLOCK.partner, /Pick the partner/],
    ['no commission', { commission: undefined }, BLOCK.commission, /Pick the commission/],
    ['no type', { type: undefined }, BLOCK.type, /Pick the type/],
    ['notes too long', { notes: 'x'.repeat(1001) }, BLOCK.notes, /at most 1000/],
    ['bad school code', { schoolName: 'X', schoolCode: '!!' }, BLOCK.newSchoolCode, /school code/],
    ['code without a name', { schoolCode: '02M475' }, BLOCK.newSchoolName, /name too/],
    ['school name too long', { schoolName: 'x'.repeat(151) }, BLOCK.newSchoolName, /at most 150/],
  ])('%s → an error on the right block', (_label, change, block, message) => {
    const result = parseCommitmentForm(state({ ...GOOD, ...change }), NOW, ZONE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([block]);
    expect(result.errors[block]).toMatch(message);
  });

  it('reports every invalid field at once', () => {
    const result = parseCommitmentForm(state({ partner: PARTNER, quantity: '0', start: '2026-10-01', end: '2026-01-01' }), NOW, ZONE);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(
      [BLOCK.commission, BLOCK.endDate, BLOCK.quantity, BLOCK.type].sort(),
    );
  });

  it('uses the fixed partner when the form does not ask for one', () => {
    const values = state(GOOD);
    delete values[BLOCK.partner];
    const result = parseCommitmentForm(values, NOW, ZONE, PARTNER);
    expect(result.ok && result.value.input.partnerId).toBe(PARTNER);
  });

  it('keeps query operators as plain text: they fail validation instead of reaching a query', () => {
    const result = parseCommitmentForm(state({ ...GOOD, commission: '{"$gt": ""}', partner: '{"$ne": null}' }), NOW, ZONE);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual([BLOCK.commission, BLOCK.partner].sort());
  });
});

describe('the other inputs', () => {
  it('fulfilled quantity must be a whole number > 0', () => {
    const values = (v: string | null) => ({ [BLOCK.fulfilled]: { [ACTION.fulfilled]: { type: 'number_input', value: v } } });
    expect(parseFulfilledQuantity(values('4'))).toEqual({ ok: true, quantity: 4 });
    expect(parseFulfilledQuantity(values('0'))).toEqual({
      ok: false,
      errors: { [BLOCK.fulfilled]: 'Enter a whole number greater than 0.' },
    });
    expect(parseFulfilledQuantity(values(null)).ok).toBe(false);
  });

  it('metadata round-trips; anything forged or broken is undefined', () => {
    expect(parseOwnJson(formMetadataSchema, encodeMetadata({ id: PARTNER, r: SCHOOL }))).toEqual({ id: PARTNER, r: SCHOOL });
    expect(parseOwnJson(formMetadataSchema, '{"id":{"$gt":""}}')).toBeUndefined();
    expect(parseOwnJson(formMetadataSchema, 'not json')).toBeUndefined();
    expect(parseOwnJson(duplicateMetadataSchema, '{}')).toBeUndefined();
    expect(() => encodeMetadata({ v: { notes: 'x'.repeat(3000) } } as never)).toThrow(/exceeds 3000/);
  });

  it('list queries and status choices are validated', () => {
    expect(listQuerySchema.safeParse({ offset: 15, statuses: ['pledged'] }).success).toBe(true);
    expect(listQuerySchema.safeParse({ offset: 15, recordedBy: { $ne: 1 } }).success).toBe(false);
    expect(statusChoiceSchema.safeParse(`${PARTNER}:fulfilled`).success).toBe(true);
    expect(statusChoiceSchema.safeParse(`${PARTNER}:done`).success).toBe(false);
  });

  it('the date window is two years back and five ahead of today in the district', () => {
    expect(dateBounds(new Date('2026-01-01T03:00:00Z'), ZONE)).toEqual({ min: '2023-12-31', max: '2030-12-31' });
  });
});

describe('a list row’s block_id', () => {
  const page = { partnerId: '6b0ef1ed0c578e9a69b5ec79', statuses: ['pledged' as const, 'confirmed' as const], offset: 15, t: 'Con Edison' };

  it('carries the page it is on, and gives it back', () => {
    const id = listRowBlockId('s', 3, page);
    expect(id.startsWith(`${BLOCK.listRow}:s3:`)).toBe(true);
    expect(pageOfBlockId(id)).toEqual(page);
    expect(pageOfBlockId(listRowBlockId('a', 3, page))).toEqual(page);
  });

  it('shortens a long title to stay within 255 characters', () => {
    const long = { ...page, t: `${'Ä"'.repeat(100)}, pledged or confirmed` };
    const id = listRowBlockId('a', 14, long);
    expect(id.length).toBeLessThanOrEqual(255);
    const back = pageOfBlockId(id);
    expect(back).toMatchObject({ partnerId: page.partnerId, statuses: page.statuses, offset: 15 });
    expect(back?.t?.endsWith('…')).toBe(true);
  });

  it('gives nothing for other blocks or a tampered query', () => {
    expect(pageOfBlockId('any')).toBeUndefined();
    expect(pageOfBlockId(undefined)).toBeUndefined();
    expect(pageOfBlockId(`${BLOCK.listRow}:s0:{"offset":-1}`)).toBeUndefined();
    expect(pageOfBlockId(`${BLOCK.listRow}:s0:{not json}`)).toBeUndefined();
  });
});
