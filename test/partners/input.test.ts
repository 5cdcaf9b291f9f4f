import { contactBlockId, PARTNER_ACTION, PARTNER_BLOCK } from '../../src/partners/ids';
import { parseContactForm, parseListMore, parsePartnerForm, partnerFormMetaSchema } from '../../src/partners/input';

const text = (value: string | null) => ({ type: 'plain_text_input', value });

describe('parsePartnerForm', () => {
  it('turns the submitted state into a typed partner', () => {
    const parsed = parsePartnerForm(
      {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: text(' SAP ') },
        [PARTNER_BLOCK.commissions]: { [PARTNER_ACTION.commissions]: { type: 'multi_static_select', selected_options: [{ value: 'it' }] } },
        [PARTNER_BLOCK.status]: { [PARTNER_ACTION.status]: { type: 'static_select', selected_option: { value: 'active' } } },
        [PARTNER_BLOCK.owner]: { [PARTNER_ACTION.owner]: { type: 'users_select', selected_user: 'U0OWN' } },
        [PARTNER_BLOCK.notes]: { [PARTNER_ACTION.notes]: text(null) },
        [contactBlockId(0, 'name')]: { [PARTNER_ACTION.contactName]: text('Pat') },
        [contactBlockId(0, 'email')]: { [PARTNER_ACTION.contactEmail]: text('pat@sap.example') },
        [contactBlockId(1, 'name')]: { [PARTNER_ACTION.contactName]: text('') },
      },
      3,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'SAP',
        commissions: ['it'],
        status: 'active',
        kind: 'industry',
        ownerId: 'U0OWN',
        notes: '',
        contacts: [{ name: 'Pat', email: 'pat@sap.example' }],
      },
    });
  });

  it('reports each problem on its own block', () => {
    const parsed = parsePartnerForm(
      {
        [PARTNER_BLOCK.name]: { [PARTNER_ACTION.name]: text('x'.repeat(101)) },
        [PARTNER_BLOCK.notes]: { [PARTNER_ACTION.notes]: text('n'.repeat(2001)) },
        [contactBlockId(2, 'user')]: { [PARTNER_ACTION.contactUser]: { type: 'users_select', selected_user: 'U0X' } },
      },
      3,
    );
    expect(parsed).toEqual({
      ok: false,
      errors: {
        [PARTNER_BLOCK.name]: expect.stringContaining('at most 100'),
        [PARTNER_BLOCK.notes]: expect.stringContaining('at most 2000'),
        [contactBlockId(2, 'name')]: expect.stringContaining('contact’s name'),
      },
    });
  });

  it('needs a name for the contact form', () => {
    expect(parseContactForm({})).toEqual({ ok: false, errors: { [contactBlockId(0, 'name')]: 'Give the contact’s name.' } });
  });
});

describe('private metadata and button values', () => {
  it('accepts only what the app wrote', () => {
    expect(partnerFormMetaSchema.parse({ slots: 3 })).toEqual({ slots: 3 });
    expect(partnerFormMetaSchema.parse({ slots: 3, partnerId: 'a'.repeat(24), revision: 4 })).toEqual({
      slots: 3,
      partnerId: 'a'.repeat(24),
      revision: 4,
    });
    expect(partnerFormMetaSchema.safeParse({ slots: 3, partnerId: { $gt: '' } }).success).toBe(false);
    expect(partnerFormMetaSchema.safeParse({ slots: 3, revision: -1 }).success).toBe(false);
    expect(parseListMore('{"o":25,"c":"it"}')).toEqual({ o: 25, c: 'it' });
    expect(parseListMore('{"o":-1}')).toBeUndefined();
  });
});
