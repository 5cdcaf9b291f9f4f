import type { Feature } from '../slack/features';
import { registerMemberListeners } from './listeners';

/** Commission members: partner contacts, postsecondary, school and district staff, with their roles. */

export const membersFeature: Feature = { name: 'members', register: registerMemberListeners };

export { runMembersCommand } from './listeners';
