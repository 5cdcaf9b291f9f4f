import { can } from '../access';
import { commissionRef } from '../commissions';
import { forbidden } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import type { Actor } from '../domain/actor';

/** Who sees which programs: administrators and leads every commission's, members their own commissions'. */

export const READ_REFUSAL = ':lock: Sorry, programs of study are for Industry Engagement Coordinators and the members of their commission.';

/** The commissions whose programs the actor may see: undefined means all of them. */
export function readableCommissions(actor: Actor): string[] | undefined {
  if (can(actor, 'program.read', { commissionKey: '\u0000any' })) return undefined;
  const own = (actor.memberOf ?? []).filter((k) => can(actor, 'program.read', { commissionKey: k }));
  if (own.length === 0) throw forbidden(READ_REFUSAL);
  return own;
}

/** Refuses unless the actor may see the commission's programs; the refusal names the commission (read only then). */
export async function requireProgramReader(actor: Actor, commissionKey: string): Promise<void> {
  if (!can(actor, 'program.read', { commissionKey })) {
    throw forbidden(
      `:lock: Sorry, only members of *${escapeMrkdwn((await commissionRef(commissionKey)).name)}*, its leads and Industry Engagement Coordinators can see its programs.`,
    );
  }
}

export const canManagePrograms = (actor: Actor, commissionKey: string): boolean => can(actor, 'program.manage', { commissionKey });
