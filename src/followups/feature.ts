import type { Feature } from '../slack/features';
import { registerFollowUpListeners } from './listeners';

/** The fulfilment follow-up: its DM's buttons and modals (the scheduled source is `followUpSource`, exported from its index and listed in src/scheduled.ts). */
export const followUpsFeature: Feature = {
  name: 'followups',
  register: registerFollowUpListeners,
};
