import { App, LogLevel, type RespondArguments } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { actorFrom, actorMiddleware } from './access';
import { databaseState } from './db/connection';
import { features as defaultFeatures } from './features';
import { helpMessage, helpSubcommand } from './help/feature';
import type { AppDeps } from './slack/deps';
import type { Feature } from './slack/features';
import { IEC_COMMAND, splitSubcommand, SubcommandRegistry } from './slack/iec-command';
import { originOf } from './slack/forms';
import { InFlight } from './slack/in-flight';
import { errorReply } from './slack/replies';
import { requestLogging } from './slack/request-log';
import { requestDeadline, withRequestDeadlines } from './slack/request-deadline';
import { untrackedModels } from './db/write-tracking';
import { logEventFailures } from './events/log';

export interface CreatedApp {
  app: App;
  registry: SubcommandRegistry;
  /** Resolves once the listeners of the requests acknowledged so far, and their events' reactions, have finished. */
  idle(timeoutMs: number): Promise<boolean>;
}

const LOG_LEVELS: Record<AppDeps['config']['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** The Bolt app with every feature registered. Transport follows the configuration. */
export function createApp(deps: AppDeps, features: readonly Feature[] = defaultFeatures): CreatedApp {
  const { config, logger } = deps;
  const untracked = untrackedModels();
  if (untracked.length > 0) {
    throw new Error(
      `models compiled before src/db/write-tracking.ts was loaded (their writes would go unnoticed by error replies): ${untracked.join(', ')}`,
    );
  }
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    socketMode: config.slack.socketMode,
    appToken: config.slack.socketMode ? config.slack.appToken : undefined,
    logger,
    logLevel: LOG_LEVELS[config.logLevel],
    clientOptions: { slackApiUrl: config.slack.apiUrl },
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthz }],
    // Socket Mode's own client (apps.connections.open) takes its options from here, not from clientOptions
    installerOptions: config.slack.socketMode ? { port: config.port, clientOptions: { slackApiUrl: config.slack.apiUrl } } : undefined,
  });

  logEventFailures(logger);
  const inFlight = new InFlight();
  app.use(inFlight.middleware);
  app.use(requestLogging(logger));
  // the person hears back inside Slack's 3 s, however slow the database (src/slack/request-deadline.ts)
  app.use(requestDeadline(deps));
  const guarded = withRequestDeadlines(app);
  // the acting person, resolved once for every request (before any listener)
  app.use(actorMiddleware(deps));

  const registry = new SubcommandRegistry();
  registry.add(helpSubcommand(registry));
  for (const feature of features) {
    for (const sub of feature.subcommands ?? []) registry.add(sub);
    feature.register?.(guarded, deps);
  }

  guarded.command(IEC_COMMAND, async ({ command, ack, respond, client, context }) => {
    await ack();
    const reply = async (message: string | RespondArguments) => {
      await respond(
        typeof message === 'string' ? { response_type: 'ephemeral', text: message } : { response_type: 'ephemeral', ...message },
      );
    };
    const { name, rest, args } = splitSubcommand(command.text);
    if (!name) return reply(helpMessage(registry));
    const sub = registry.find(name);
    if (!sub) {
      const guess = registry.suggest(name);
      const intro = guess
        ? `I don't know \`/iec ${truncateWord(name)}\`. Did you mean \`/iec ${guess.name}\`?`
        : `I don't know \`/iec ${truncateWord(name)}\`.`;
      return reply(helpMessage(registry, intro));
    }
    const now = deps.clock();
    const origin = originOf(command, now);
    try {
      await sub.run({
        args,
        rest,
        userId: command.user_id,
        actor: actorFrom(context),
        teamId: command.team_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
        ...(origin ? { origin } : {}),
        client,
        reply,
        now,
        deps,
      });
    } catch (err) {
      await reply(errorReply(err, logger)).catch((replyErr) => logger.error('could not send the error reply:', replyErr));
    }
  });

  app.error(async (err) => {
    logger.error('unhandled error in a listener:', err.stack ?? err.message);
  });

  return { app, registry, idle: (timeoutMs) => inFlight.idle(timeoutMs) };
}

function truncateWord(word: string): string {
  const clean = word.replace(/[`<>&]/g, '');
  return clean.length > 30 ? `${clean.slice(0, 29)}…` : clean;
}

function healthz(_req: IncomingMessage, res: ServerResponse): void {
  void databaseState().then((state) => {
    res.writeHead(state === 'up' ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: state === 'up' ? 'ok' : 'unavailable', database: state }));
  });
}
