import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorFrom } from '../access';
import type { AppDeps } from '../slack/deps';
import { replierFor } from '../slack/interaction';
import { parseCorrectionValue } from './input';
import { archiveRecord, deleteRecord, restoreRecord } from './service';
import { archivedMessage, deletedMessage, restoredMessage } from './views';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const DO = {
  archive: async (kind: 'partner' | 'school', id: string, args: ButtonArgs, now: Date) =>
    archivedMessage(kind, await archiveRecord(kind, id, actorFrom(args.context), now)),
  restore: async (kind: 'partner' | 'school', id: string, args: ButtonArgs, now: Date) =>
    restoredMessage(kind, await restoreRecord(kind, id, actorFrom(args.context), now)),
  delete: async (kind: 'partner' | 'school', id: string, args: ButtonArgs, now: Date) =>
    deletedMessage(kind, await deleteRecord(kind, id, actorFrom(args.context), now)),
} as const;

/** The Archive again / Restore / Delete for good buttons on the answers: the message is replaced by the outcome. */
export function correctionButton(what: keyof typeof DO, deps: AppDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const reply = replierFor({ body: args.body, respond: args.respond, client: args.client }, deps.logger);
    try {
      const { kind, id } = parseCorrectionValue(args.action.value);
      const outcome = await DO[what](kind, id, args, deps.clock());
      await args.respond({ response_type: 'ephemeral', replace_original: true, ...outcome });
    } catch (err) {
      await reply.error(err);
    }
  };
}
