import type { View } from '@slack/types';
import {
  duplicateMetadataSchema,
  listQuerySchema,
  NOTES_MAX,
  SCHOOLS_MAX,
  statusChoiceSchema,
  type DuplicateMetadata,
} from '../../src/commitments/form';
import { ACTION, BLOCK, CALLBACK } from '../../src/commitments/ids';
import {
  commitmentFormView,
  commitmentLine,
  commitmentListMessage,
  duplicateView,
  fulfilmentView,
  LIST_PAGE_SIZE,
  partnerOptions,
  recordedMessage,
  requestAnsweredMessage,
  requestMessage,
  schoolOptions,
  unknownPartnerNotice,
  type CommitmentSummary,
} from '../../src/commitments/views';
import { validateMessage, validateView } from '../support/fake-slack';

const ZONE = 'America/New_York';
const ID = 'a'.repeat(24);
const LONG = 'Very Long Organisation Name With Many Words '.repeat(10);

const COMMISSIONS = [
  { key: 'construction', name: 'Construction/Sustainability' },
  { key: 'healthcare', name: 'Healthcare' },
];

function summary(over: Partial<CommitmentSummary> = {}): CommitmentSummary & { _id: string } {
  return {
    _id: ID,
    partnerName: 'Con Edison',
    commissionKey: 'construction',
    type: 'internship_hosting',
    quantity: 5,
    unit: 'interns',
    startDate: '2026-10-01',
    endDate: '2026-12-15',
    status: 'pledged',
    fulfilledQuantity: 0,
    notes: 'Summer cohort',
    ...over,
  };
}

function blockIds(view: View): string[] {
  return view.blocks.map((b) => (b as { block_id?: string }).block_id ?? '');
}

describe('commitmentFormView', () => {
  it('asks for every field with the block ids the errors use, within Slack’s limits', () => {
    const view = commitmentFormView({ metadata: {}, commissions: COMMISSIONS });
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe(CALLBACK.form);
    expect(blockIds(view)).toEqual([
      BLOCK.partner,
      BLOCK.commission,
      BLOCK.type,
      BLOCK.program,
      BLOCK.quantity,
      BLOCK.startDate,
      BLOCK.endDate,
      BLOCK.schools,
      BLOCK.newSchoolName,
      BLOCK.newSchoolCode,
      BLOCK.notes,
    ]);
    const partner = view.blocks[0] as { element: { type: string; action_id: string; min_query_length: number } };
    expect(partner.element).toMatchObject({ type: 'external_select', action_id: ACTION.partner, min_query_length: 0 });
    const type = view.blocks[2] as { element: { options: Array<{ text: { text: string } }> } };
    expect(type.element.options.map((o) => o.text.text)).toContain('Internship hosting (interns)');
  });

  it('prefills everything for an edit, even with the longest values', () => {
    const schools = Array.from({ length: SCHOOLS_MAX }, (_, i) => ({
      id: String(i).padStart(24, '0'),
      name: `${LONG} ${i}`,
      code: `02M${i}`,
    }));
    const view = commitmentFormView({
      metadata: { id: ID },
      commissions: Array.from({ length: 150 }, (_, i) => ({ key: `c${i}`, name: `${LONG}${i}` })),
      initial: {
        partner: { id: ID, name: LONG },
        commissionKey: 'c3',
        type: 'mentoring',
        quantity: 12,
        startDate: '2026-10-01',
        endDate: '2026-10-02',
        schools,
        notes: 'n'.repeat(NOTES_MAX),
        program: { id: ID, label: `${LONG} at ${LONG}` },
      },
      notice: 'x'.repeat(5000),
    });
    expect(validateView(view)).toEqual([]);
    const program = view.blocks.find((b) => (b as { block_id?: string }).block_id === BLOCK.program) as {
      element: { type: string; initial_option: { value: string } };
    };
    expect(program.element).toMatchObject({ type: 'external_select', initial_option: { value: ID } });
    expect(view.title.text).toBe('Edit commitment');
    const partner = view.blocks.find((b) => (b as { block_id?: string }).block_id === BLOCK.partner) as {
      element: { initial_option: { value: string } };
    };
    expect(partner.element.initial_option.value).toBe(ID);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ id: ID });
  });

  it('a request for a program’s role shows the program instead of the picker', () => {
    const view = commitmentFormView({
      metadata: { r: ID, p: ID },
      commissions: COMMISSIONS,
      fixedPartner: { id: ID, name: 'Ford' },
      fixedProgram: { label: `${LONG} at ${LONG}` },
    });
    expect(validateView(view)).toEqual([]);
    expect(blockIds(view)).toContain(BLOCK.programFixed);
    expect(blockIds(view)).not.toContain(BLOCK.program);
  });

  it('shows a fixed partner as text and mentions the nearest names of an unknown one', () => {
    const view = commitmentFormView({
      metadata: { p: ID, r: ID },
      commissions: COMMISSIONS,
      fixedPartner: { id: ID, name: 'Con Edison' },
      notice: unknownPartnerNotice('con ed <!channel>', ['Con Edison', 'ConEd Solutions']),
    });
    expect(validateView(view)).toEqual([]);
    expect(blockIds(view)).toContain(BLOCK.partnerFixed);
    expect(blockIds(view)).not.toContain(BLOCK.partner);
    const notice = JSON.stringify(view.blocks[0]);
    expect(notice).toContain('Did you mean *Con Edison*, *ConEd Solutions*');
    expect(notice).toContain('&lt;!channel&gt;');
  });
});

describe('type-ahead options', () => {
  it('stay within 100 options of at most 75 characters', () => {
    const partners = partnerOptions(Array.from({ length: 150 }, (_, i) => ({ id: String(i), name: `${LONG}${i}` })));
    expect(partners.options).toHaveLength(100);
    expect(partners.options.every((o) => (o.text as { text: string }).text.length <= 75)).toBe(true);
    const schools = schoolOptions([{ id: ID, name: 'Thomas Edison CTE', code: '27Q650' }]);
    expect(schools.options[0]).toEqual({ text: { type: 'plain_text', text: 'Thomas Edison CTE (27Q650)' }, value: ID });
  });
});

describe('commitmentListMessage', () => {
  const query = listQuerySchema.parse({ offset: 0 });

  it('pages 120 commitments within the 50-block limit, with a Show more button carrying the next offset', () => {
    const items = Array.from({ length: LIST_PAGE_SIZE }, (_, i) => summary({ partnerName: `${LONG}${i}`, notes: 'n'.repeat(1000) }));
    const message = commitmentListMessage({ items, total: 120, offset: 0, query, title: 'everyone', zone: ZONE });
    expect(validateMessage(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const more = message.blocks.at(-1) as {
      block_id: string;
      elements: Array<{ action_id: string; value: string; text: { text: string } }>;
    };
    expect(more.block_id).toBe(BLOCK.listMore);
    expect(more.elements[0].action_id).toBe(ACTION.more);
    expect(JSON.parse(more.elements[0].value)).toEqual({ offset: LIST_PAGE_SIZE });
    expect(more.elements[0].text.text).toBe(`Show more (${120 - LIST_PAGE_SIZE} left)`);
  });

  it('offers every other status in the status select, and buttons to record fulfilment, edit, see the history and archive', () => {
    const message = commitmentListMessage({
      items: [summary({ status: 'confirmed' })],
      total: 1,
      offset: 0,
      query,
      title: 'Con Edison',
      zone: ZONE,
    });
    expect(validateMessage(message)).toEqual([]);
    const item = message.blocks[1] as { accessory: { action_id: string; options: Array<{ value: string }> } };
    expect(item.accessory.action_id).toBe(ACTION.status);
    expect(item.accessory.options.map((o) => o.value)).toEqual([
      `${ID}:pledged`,
      `${ID}:fulfilled`,
      `${ID}:partially_fulfilled`,
      `${ID}:cancelled`,
    ]);
    expect(statusChoiceSchema.parse(item.accessory.options[1].value)).toEqual({ id: ID, status: 'fulfilled' });
    const actions = message.blocks[2] as { elements: Array<{ action_id: string; value: string }> };
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([
      [ACTION.fulfil, ID],
      [ACTION.edit, ID],
      [ACTION.history, ID],
      [ACTION.archive, ID],
    ]);
    expect(message.blocks).toHaveLength(3);
    expect(JSON.stringify(message.blocks)).toContain('<!date^');
  });

  it('says so when nothing matches', () => {
    const message = commitmentListMessage({ items: [], total: 0, offset: 0, query, title: 'Con Edison, fulfilled', zone: ZONE });
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toContain('No commitments found for Con Edison, fulfilled');
  });
});

describe('duplicateView', () => {
  it('shows the existing one, what was typed and the three choices, keeping the typed values in private_metadata', () => {
    const metadata: DuplicateMetadata = {
      v: {
        partnerId: ID,
        commissionKey: 'construction',
        type: 'internship_hosting',
        quantity: 5,
        startDate: '2026-10-01',
        endDate: '2026-12-15',
        schoolIds: Array.from({ length: SCHOOLS_MAX }, () => ID),
        notes: '"'.repeat(NOTES_MAX),
      },
      k: `V${'1'.repeat(20)}:${'h'.repeat(40)}`,
      r: ID,
      p: ID,
    };
    const existing = Array.from({ length: 5 }, () => summary({ partnerName: LONG }));
    const view = duplicateView({ existing, typed: summary(), metadata, zone: ZONE });
    expect(validateView(view)).toEqual([]);
    expect((view.private_metadata ?? '').length).toBeLessThanOrEqual(3000);
    expect(duplicateMetadataSchema.parse(JSON.parse(view.private_metadata ?? ''))).toEqual(metadata);
    const actions = view.blocks.find((b) => (b as { block_id?: string }).block_id === BLOCK.duplicateActions) as {
      elements: Array<{ action_id: string; value: string }>;
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual([ACTION.updateExisting, ACTION.recordSeparate, ACTION.backToForm]);
    expect(actions.elements[0].value).toBe(ID);
    expect(JSON.stringify(view.blocks)).toContain('and 2 more');
  });
});

describe('small views and messages', () => {
  it('fulfilment modal asks for the delivered quantity, prefilled with the pledge', () => {
    const view = fulfilmentView(summary(), ZONE);
    expect(validateView(view)).toEqual([]);
    const input = view.blocks[1] as { block_id: string; element: { initial_value: string; type: string } };
    expect(input).toMatchObject({ block_id: BLOCK.fulfilled, element: { type: 'number_input', initial_value: '5' } });
  });

  it('confirmations show the stored values with Slack dates, and stay valid with long values', () => {
    const message = recordedMessage(
      { ...summary({ notes: 'x'.repeat(NOTES_MAX), partnerName: LONG }), recordedBy: 'U1', recordedVia: 'partner' },
      ZONE,
      'recorded',
      [{ id: ID, name: LONG }],
    );
    expect(validateMessage(message)).toEqual([]);
    const details = (message.blocks[1] as { text: { text: string } }).text.text;
    expect(details).toContain('*Quantity:* 5 interns');
    expect(details).toContain('<!date^');
    expect(details).toContain('*Recorded by:* <@U1> (partner)');
  });

  it('request DM carries a button with the request id; the IEC’s notice names the contact', () => {
    const dm = requestMessage({ requestId: ID, requestedBy: 'UIEC', partnerName: 'Con Edison', commissionName: 'Healthcare' });
    expect(validateMessage(dm)).toEqual([]);
    const actions = dm.blocks[1] as { block_id: string; elements: Array<{ action_id: string; value: string }> };
    expect(actions.elements[0]).toMatchObject({ action_id: ACTION.openRequest, value: ID });
    const told = requestAnsweredMessage(summary(), 'UCONTACT', ZONE);
    expect(validateMessage(told)).toEqual([]);
    expect(told.text).toContain('<@UCONTACT> answered your request');
  });

  it('one line per commitment names partner, type, quantity and unit, commission, dates and status', () => {
    const line = commitmentLine(summary({ status: 'partially_fulfilled', fulfilledQuantity: 3 }), ZONE);
    expect(line).toMatch(
      /^\*Con Edison\* — Internship hosting: 5 interns · construction · <!date\^\d+\^\{date_short_pretty\}\|2026-10-01> → <!date/,
    );
    expect(line).toContain('_Partially fulfilled_ (3 delivered)');
  });
});
