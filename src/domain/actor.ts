import type { Types } from 'mongoose';

/**
 * Who is acting. Resolved once per request by the actor middleware (src/access/middleware.ts) and read from
 * Bolt's `context`; what they may do is decided by src/access/actor.ts.
 */
export interface Actor {
  userId: string;
  /** The workspace (and Enterprise Grid organisation) the request came from, when Slack said. */
  teamId?: string;
  enterpriseId?: string;
  isAdmin: boolean;
  /** Commission keys this user leads. */
  leads: string[];
  /** Partners this user is a contact of. */
  partnerIds: Types.ObjectId[];
  /** Commission keys this user is a member of (src/members). */
  memberOf?: string[];
}
