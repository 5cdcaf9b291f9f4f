import type { Feature } from '../slack/features';
import { registerMemberListeners } from './listeners';

/** Commission members: partner contacts, postsecondary, school and district staff, with their roles. */

export { memberReferences } from './references';
export { MEMBERS_VERB } from './ids';
export { runMembersCommand } from './listeners';
export { MEMBER_KINDS, type MemberKind } from './model';
export { KIND_LABELS, memberBySlackUser, memberLabel, memberPlainLabel, membersOf, type MemberRecord } from './service';

export const membersFeature: Feature = { name: 'members', register: registerMemberListeners };
