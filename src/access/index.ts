/** The access feature's functions and types for the rest of the app: other features use these, never its model or files. */
export {
  type Actor,
  canActForPartner,
  canManageCommission,
  DISTRICT_ONLY,
  isIec,
  isPartnerContact,
  requireAllowed,
  requireCommissionManager,
  requireCommissionViewer,
  requireCommitmentWrite,
  requireDeliverableAccess,
  requireIec,
  requireKnown,
  requirePartnerAccess,
  resolveActor,
} from './actor';
export { appointeeProblem } from './appointment';
export { importRefusal, requireImporter } from './imports';
export { actorFrom, actorMiddleware } from './middleware';
export { checkPeople, type PeopleFacts, rebuildPeople, recordContactLinks, recordLeads, recordMemberships, slackAdmins } from './people';
export { channelAudience } from './shared-channel';
export { can } from './permissions';
export type { Action } from './permissions';
