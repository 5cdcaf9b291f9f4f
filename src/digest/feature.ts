import type { Feature } from '../slack/features';
import { digestSubcommand } from './command';

/** The weekly digest: `/iec digest`, and the scheduled digest source (`digestSource`, exported from its index and listed in src/scheduled.ts). */
export const digestFeature: Feature = {
  name: 'digest',
  subcommands: [digestSubcommand],
};
