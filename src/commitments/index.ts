import type { Feature } from '../slack/features';
import { SUBCOMMAND } from './ids';
import { openCommitForm, registerCommitmentListeners, runList, runRequest } from './listeners';

export {
  commitmentChanges,
  commitmentsForImport,
  insertCommitments,
  rebuildCommitmentIndexes,
  removeCommitments,
  setCommitments,
  type CommitmentState,
  type StoredCommitmentState,
} from './bulk';
export { writeCommitments, type CommitmentWrite, type WriteOutcome } from './write';
export {
  COMMITMENT_TYPE_INFO,
  COMMITMENT_TYPES,
  PROGRAM_COMMITMENT_TYPES,
  parseCommitmentStatus,
  parseCommitmentType,
  type CommitmentType,
} from './types';
export { programCommitments, workBasedLearningCommitments, type EvidenceCommitment } from './programs';
export { resolveProgramAsksWith, type ProgramAsk } from './requests';
export { createCommitment } from './service';

/** Commitments: `/commit`, `/iec commit`, `/iec commitments`, `/iec request`, the form and its buttons. */
export const commitmentsFeature: Feature = {
  name: 'commitments',
  subcommands: [
    {
      name: SUBCOMMAND.commit,
      help: [
        {
          usage: '/iec commit [partner]  (or /commit [partner])',
          summary: 'record what a partner commits: opens the form, prefilled with the partner',
        },
      ],
      run: (ctx) =>
        openCommitForm({
          client: ctx.client,
          triggerId: ctx.triggerId,
          actor: ctx.actor,
          text: ctx.rest,
          channelId: ctx.channelId,
          deps: ctx.deps,
        }),
    },
    {
      name: SUBCOMMAND.commitments,
      help: [
        {
          usage: '/iec commitments [partner | commission | mine] [status]',
          summary:
            'list commitments, with buttons to change status, record fulfilment or edit (status: pledged, confirmed, fulfilled, partial, cancelled, open)',
        },
      ],
      run: runList,
    },
    {
      name: SUBCOMMAND.request,
      help: [
        { usage: '/iec request @contact [commission]', summary: 'ask a partner contact (by DM) to record their organisation’s commitment' },
      ],
      run: runRequest,
    },
  ],
  register: registerCommitmentListeners,
};
