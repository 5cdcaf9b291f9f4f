import type { App } from '@slack/bolt';
import type { AppDeps } from './deps';
import type { Subcommand } from './iec-command';

/** One feature of the app: its `/iec` subcommands and whatever else it listens to. */
export interface Feature {
  name: string;
  subcommands?: Subcommand[];
  register?(app: App, deps: AppDeps): void;
}
