import type { ActionsBlock, Button, ContextBlock, KnownBlock } from '@slack/types';
import { UNDO_MINUTES } from '../domain/undo';

/**
 * The Undo button every confirmation of a change carries (its rule: src/domain/undo.ts), built once. Each feature
 * gives its own action id and value (what to undo); its listener undoes and replaces the confirmation.
 */

/** The Undo button (for a block of the feature's own buttons). */
export function undoButton(actionId: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Undo' }, value };
}

/** "You can undo this for 15 minutes." under the button. */
export function undoHint(): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `You can undo this for ${UNDO_MINUTES} minutes.` }] };
}

/** The hint and an actions block with Undo alone. */
export function undoBlocks(actionId: string, value: string, blockId?: string): KnownBlock[] {
  const actions: ActionsBlock = { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements: [undoButton(actionId, value)] };
  return [undoHint(), actions];
}
