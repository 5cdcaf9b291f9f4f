import type { RespondArguments } from '@slack/bolt';
import type { Subcommand, SubcommandRegistry } from '../slack/iec-command';
import { helpBlocks, helpText } from './views';

/** `/iec help` and the answer to `/iec` alone or to an unknown subcommand. */
export function helpMessage(registry: SubcommandRegistry, intro?: string): RespondArguments {
  return { response_type: 'ephemeral', text: intro ? `${intro} ${helpText()}` : helpText(), blocks: helpBlocks(registry.list(), intro) };
}

export function helpSubcommand(registry: SubcommandRegistry): Subcommand {
  return {
    name: 'help',
    help: [{ usage: '/iec help', summary: 'this list of commands' }],
    run: async (ctx) => ctx.reply(helpMessage(registry)),
  };
}
