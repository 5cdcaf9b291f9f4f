import type { Logger, RespondFn } from '@slack/bolt';
import { AppError } from '../errors';
import { errorReply } from './replies';

/**
 * Errors of a modal submission, shown inline (`response_action: 'errors'`): an AppError's field errors on their
 * blocks (`fieldBlocks` maps a service field to its block_id), anything else on `fallbackBlock` as plain text.
 */
export function inlineErrors(err: unknown, fallbackBlock: string, logger: Logger, fieldBlocks: Record<string, string> = {}): Record<string, string> {
  if (err instanceof AppError && err.fieldErrors) {
    const mapped = Object.entries(err.fieldErrors).map(([field, message]) => [fieldBlocks[field] ?? fallbackBlock, message]);
    if (mapped.length > 0) return Object.fromEntries(mapped);
  }
  return { [fallbackBlock]: errorReply(err, logger).replace(/[*_`]/g, '') };
}

/** A new ephemeral message to the person who clicked (the original message stays). */
export async function tellEphemeral(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** Tells the person about an error from a button, logging what they must not see. */
export async function tellError(respond: RespondFn, err: unknown, logger: Logger): Promise<void> {
  await tellEphemeral(respond, errorReply(err, logger)).catch((e) => logger.error('could not reply:', e));
}
