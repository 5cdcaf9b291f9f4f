/** The members feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { MEMBERS_VERB } from './ids';
export { MEMBER_KINDS, type MemberKind } from './model';
export { KIND_LABELS, memberBySlackUser, memberLabel, memberPlainLabel, membersOf, type MemberRecord } from './service';
export { membershipsByUser } from './memberships';
export { memberReferences, referencedByMembers } from './references';
export { eraseFromMembers, findInMembers } from './erase';
export { moveMembersToPartner } from './merge';
