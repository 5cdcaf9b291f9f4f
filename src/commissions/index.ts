/** The commissions feature's functions and types for the rest of the app: other features use these, never its model or files. */
export {
  activeCommissionKeys,
  changeCommissionLead,
  chooseCommission,
  commissionExists,
  commissionsLedBy,
  commissionNames,
  commissionRef,
  commissionZone,
  commissionZones,
  countCommissions,
  findCommission,
  findCommissions,
  isActiveCommission,
  getCommission,
  leadsOf,
  requireDeliverableAccessOf,
  requireManagerOf,
  requireViewerOf,
  setCommissionChannel,
  setCommissionTarget,
  targetsForYear,
  upsertCommission,
  type CommissionQuery,
} from './service';
export { type CommissionInfo, leadsByUser, listActiveCommissions, listCommissions, requireCommission } from './service';
export { channelChoiceHint, channelChoiceNote } from './views';
export { eraseLeads, findLeads } from './erase';
