import { checkPeople, rebuildPeople, slackAdmins, type PeopleFacts } from '../access';
import { leadsByUser } from '../commissions';
import { membershipsByUser } from '../members';
import { contactLinksByUser } from '../partners';

/**
 * The people index (src/access/people.ts) against its facts: administrators (access), leads (commissions),
 * contact links (partners) and memberships (members). Run at start-up and by the reconcile job; bulk loads call it after writing.
 */
async function facts(): Promise<PeopleFacts> {
  const [admins, leads, contacts, members] = await Promise.all([slackAdmins(), leadsByUser(), contactLinksByUser(), membershipsByUser()]);
  return { admins, leads, contacts, members };
}

/** Slack user ids whose index entry differs from the facts. */
export async function checkPeopleIndex(): Promise<string[]> {
  return checkPeople(await facts());
}

/** Corrects the index from the facts; returns the Slack user ids it corrected. */
export async function rebuildPeopleIndex(): Promise<string[]> {
  return rebuildPeople(await facts());
}
