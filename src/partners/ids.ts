/** Slack IDs of the partners feature, defined once. */
export const PARTNER_SUBCOMMAND = 'partner';
export const PARTNER_ALIASES = ['partners'];

/** The partner form (add and edit) and the "add a contact" form. */
export const PARTNER_FORM_CALLBACK = 'partner_form';
export const PARTNER_CONTACT_CALLBACK = 'partner_contact_form';
/** The confirmation shown in place of the form once saved. */
export const PARTNER_SAVED_CALLBACK = 'partner_saved';

/** Input blocks of the partner form; inline errors name these. */
export const PARTNER_BLOCK = {
  name: 'partner_name',
  commissions: 'partner_commissions',
  status: 'partner_status',
  kind: 'partner_kind',
  owner: 'partner_owner',
  notes: 'partner_notes',
} as const;

export const PARTNER_ACTION = {
  name: 'partner_name_input',
  commissions: 'partner_commissions_select',
  status: 'partner_status_select',
  kind: 'partner_kind_select',
  owner: 'partner_owner_select',
  notes: 'partner_notes_input',
  contactName: 'contact_name_input',
  contactTitle: 'contact_title_input',
  contactEmail: 'contact_email_input',
  contactUser: 'contact_user_select',
  listMore: 'partner_list_more',
  /** On the partner card: its history in a modal (value = partner id). */
  history: 'partner_history_open',
  /** In the history modal: older / newer changes (value `<partner id>:<offset>`). */
  historyOlder: 'partner_history_older',
  historyNewer: 'partner_history_newer',
  /** "Open <partner>" under a confirmation: the partner's card, where it was pressed (value = partner id). */
  open: 'partner_open',
} as const;

/** The partner's history modal (read only), its paging buttons' block, and the card's buttons' block. */
export const PARTNER_HISTORY_CALLBACK = 'partner_history';
export const PARTNER_HISTORY_BLOCK = 'partner_history_paging';
export const PARTNER_CARD_BLOCK = 'partner_card_actions';

export const CONTACT_FIELDS = ['name', 'title', 'email', 'user'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The input block of one field of the n-th contact (0-based) in a form: `partner_contact_0_email`. */
export function contactBlockId(index: number, field: ContactField): string {
  return `partner_contact_${index}_${field}`;
}

export const PARTNER_LIST_MORE_BLOCK = 'partner_list_more';

/** `/iec contact erase <email or @user>` and its confirmation button. */
export const CONTACT_SUBCOMMAND = 'contact';
export const CONTACT_ERASE_ACTION = 'contact_erase_confirm';
export const CONTACT_ERASE_BLOCK = 'contact_erase';
