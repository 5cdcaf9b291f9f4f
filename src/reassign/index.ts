/** The hand-over feature (`/iec reassign`): its functions for the rest of the app. */
export { confirmHandOver, planHandOver, type HandOverOutcome, type HandOverPlan } from './service';
export { deactivatedOwnersSource } from './deactivated-source';
export { eraseFromHandOvers } from './erase';
