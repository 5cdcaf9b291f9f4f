/** The commitments feature's functions and types for the rest of the app: other features use these, never its model or files. */
export {
  commitmentChanges,
  commitmentsForImport,
  countCommitmentsByIds,
  loadCommitmentDocuments,
  insertCommitments,
  rebuildCommitmentIndexes,
  removeCommitments,
  setCommitments,
  type CommitmentState,
  type StoredCommitmentState,
} from './bulk';
export { partnerCommitmentHistory, type PartnerHistoryEntry } from './partner-history';
export {
  commitmentsByIds,
  aggregateAllTotals,
  countOpenRequests,
  estimatedCommitmentCount,
  eachCommitment,
  followUpFieldsOf,
  openCommitmentIds,
  openCommitmentsByTargetDate,
  latestPartnerCommitments,
  pastDuePledges,
  type CommitmentRow,
  type CommitmentScope,
  type Counted,
  type FollowUpFields,
  type PastDuePledge,
} from './queries';
export { COMMITMENT_TYPE_INFO, COMMITMENT_TYPES, parseCommitmentStatus, parseCommitmentType } from '../domain/commitments';
export { activityIds, rebuildActivity } from './activity';
export { objectIdSchema } from './form';
export { rebuildGroups } from './group-index';
export { ACTION, BLOCK } from './ids';
export { listOpenRequests } from './requests';
export { answerFollowUp, changeStatus, type FollowUpAnswer, listCommitments, type StoredCommitment } from './service';
export { commitmentTotals, rebuildTotals, type CommitmentTotals, type TypeTotals } from './totals';
export { commitmentFormView, commitmentLine } from './views';
export {
  movePartnerCommitments,
  notePartnerArchived,
  partnerCommitmentFacts,
  type MovedCommitment,
  type PartnerCommitmentFacts,
} from './bulk';
export { movePartnerRequests } from './requests';
export { commitmentMovesUndoProblem, undoCommitmentMoves } from './undo';
export { commitmentHistoryVocabulary } from './views';
export { schoolNamesInHistory } from './handlers/history';
export { writeCommitments, type CommitmentWrite, type WriteOutcome } from './write';
export { PROGRAM_COMMITMENT_TYPES, type CommitmentType } from '../domain/commitments';
export { programCommitments, workBasedLearningCommitments, type EvidenceCommitment } from './programs';
export { resolveProgramAsksWith, type ProgramAsk } from './requests';
export { programChoicesFrom, type ProgramChoice } from './program-choices';
export { createCommitment } from './service';
export { commitmentReferences, referencedByCommitments } from './references';
export { checkActivity } from './activity';
export { checkChanges, rebuildChanges } from './change-index';
export { checkGroups } from './group-index';
export { checkTotals } from './totals';
export { latestCommitmentActivity } from './service';
export { eraseFromCommitments, eraseFromCommitmentTexts } from './erase';
export { commitmentNoticeSource } from './notices';
export { lastCommitmentChanges } from './service';
export { canUndo } from './undo';
export { commitmentUndoButton } from './views';
export { confirmationOf } from './handlers/shared';
