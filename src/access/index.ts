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
  requireCommissionsManaged,
  requireIec,
  requireImporter,
  requirePartnerChange,
  requireKnown,
  requirePartnerAccess,
  resolveActor,
} from './actor';
export { appointeeProblem } from './appointment';
export { administratorsAmong, eraseAdminAuthors } from './service';
export { actorFrom, actorMiddleware } from './middleware';
export {
  checkPeople,
  forgetIfRoleless,
  type PeopleFacts,
  rebuildPeople,
  recordContactLinks,
  recordLeads,
  recordMemberships,
  slackAdmins,
} from './people';
export { channelAudience } from './shared-channel';
export { can, commissionsRefusal, importRefusal, partnerChangeRefusal } from './permissions';
export type { Action, CommissionNames } from './permissions';
export { districtPersonProblem, type DistrictPersonProblem } from './appointment';
export { deactivatedAmong, forgetAccountStatuses } from './slack-accounts';
