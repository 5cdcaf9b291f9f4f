import type { Logger } from '@slack/bolt';
import type { Config } from '../config';

/** What every feature's listeners receive. The clock is read by listeners and the scheduler only. */
export interface AppDeps {
  config: Config;
  clock: () => Date;
  logger: Logger;
}
