/** The partners feature's functions and types for the rest of the app: other features use these, never its model or files. */
export {
  eachPartner,
  insertPartners,
  partnersByIds,
  partnersByNameKeys,
  removePartners,
  setPartners,
  type ImportContact,
  type PartnerState,
  type StoredPartnerState,
} from './bulk';
export { partnerArchive } from './archive';
export { MAX_CONTACTS } from './input';
export { countPartners, insertPartnerIfAbsent, linkContactToSlackUser, loadPartnerDocuments, partnerIdsByNames } from './bulk';
export {
  anyPartnerContact,
  commissionsOfPartners,
  contactUserIdsOf,
  firstSlackContacts,
  partnerContactsOf,
  partnerNameOf,
  partnerNamesByIds,
  partnersOfContact,
  quietPartners,
  type PartnerContactInfo,
  type PartnerName,
} from './queries';
export { PARTNER_STATUSES, type PartnerStatus } from './model';
export { NEW_CONTACT_SLOTS } from './input';
export { findPartnerByName, type PartnerMatch, searchPartners, suggestPartnersFor } from './search';
export { contactLinksByUser, findPartnerOrSuggest, getPartner } from './service';
export { partnerCardButton, partnerFormView } from './views';
export { checkLastActivity, notePartnerActivity, rebuildLastActivity } from './activity';
export { partnerNameSource, partnerNames } from './name-index';
export { singlePartnerMatch } from './search';
export { PARTNER_KIND_LABELS, PARTNER_KINDS, type PartnerKind } from './model';
export { partnerKinds, type PartnerKindInfo } from './service';
export { lastPartnerChanges, partnerHistory, type PartnerWriteMeta, type StoredPartner, writePartner } from './write';
export { handOverPartners, partnerOwnerIds, partnersOwnedBy } from './handover';
export {
  absorbPartner,
  archiveMergedPartner,
  mergedContacts,
  mergeParty,
  type MergeParty,
  partnerMergeUndoProblem,
  sameContact,
  undoPartnerMerge,
} from './merge';
