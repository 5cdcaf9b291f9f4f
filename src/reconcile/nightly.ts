import type { NightlyJob } from '../scheduler';
import { describeReconcile, reconcile } from './derived';

/** The reconcile, every night at 02:30 (app time zone), once across replicas (src/scheduler/nightly.ts). */
export const nightlyReconcile: NightlyJob = {
  kind: 'reconcile',
  time: '02:30',
  run: async () => describeReconcile(await reconcile()),
};
