import type { Types } from 'mongoose';
import { ACTION, BLOCK } from '../../../src/commitments/ids';

/** A valid commitment form (Con Edison, Construction, 4 mentoring sessions from 1 October 2026), as Slack submits it. */
export const commitmentFormValues = (partnerId: Types.ObjectId | string) => ({
  [BLOCK.partner]: {
    [ACTION.partner]: {
      type: 'external_select' as const,
      selected_option: { text: { type: 'plain_text' as const, text: 'Con Edison' }, value: String(partnerId) },
    },
  },
  [BLOCK.commission]: {
    [ACTION.commission]: {
      type: 'static_select' as const,
      selected_option: { text: { type: 'plain_text' as const, text: 'Construction' }, value: 'construction' },
    },
  },
  [BLOCK.type]: {
    [ACTION.type]: {
      type: 'static_select' as const,
      selected_option: { text: { type: 'plain_text' as const, text: 'Mentoring' }, value: 'mentoring' },
    },
  },
  [BLOCK.quantity]: { [ACTION.quantity]: { type: 'plain_text_input' as const, value: '4' } },
  [BLOCK.startDate]: { [ACTION.startDate]: { type: 'datepicker' as const, selected_date: '2026-10-01' } },
});
