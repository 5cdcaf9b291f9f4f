/** Every Slack id of the members feature, defined once. */

/** `/iec commission members <key> [add]` is a verb of the commission subcommand, dispatched here. */
export const MEMBERS_VERB = 'members';

export const MemberCallbacks = {
  save: 'member_save',
} as const;

/** Input blocks of the member form (each holds one element whose action_id is the same string). */
export const MemberBlocks = {
  kind: 'member_kind',
  role: 'member_role',
  startDate: 'member_start',
  user: 'member_user',
  name: 'member_name',
  organisation: 'member_org',
  email: 'member_email',
  school: 'member_school',
  staffRole: 'member_staff_role',
} as const;

export const MemberActions = {
  /** Value: the commission key. Opens the empty form. */
  add: 'member_add',
  /** Overflow on each member's row: `edit:<id>` or `remove:<id>`. */
  row: 'member_row',
} as const;

export const MEMBER_ADD_BLOCK = 'member_list_actions';
