import type { AnyMiddlewareArgs, Context, Middleware, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor } from '../domain/actor';
import type { AppDeps } from '../slack/deps';
import { errorReply } from '../slack/replies';
import { answerUnavailable, requestKind, requestTimeLeft } from '../slack/request-deadline';
import { resolveActor, resolveActorWithin } from './actor';

/**
 * The acting person, resolved once per request: a global middleware reads the people index by the Slack user
 * id (one unique-key read, its server-side `maxTimeMS` what the request deadline leaves) and puts the Actor on
 * `context.actor`. Listeners read it with `actorFrom(context)`. When it cannot be read by the request deadline
 * (src/slack/request-deadline.ts), the deadline answers "try again in a minute" — inside Slack's 3 seconds — and
 * no listener runs; a read that fails sooner is answered so at once. A form submission is the exception: the form
 * helper answers Slack from what was typed, so its person is read meanwhile (`context.actorPending`) and awaited by
 * the helper under its own deadline, its failure shown on the form (src/slack/forms.ts).
 */

export interface ActorContext extends Context {
  actor?: Actor;
  /** A form submission's person, still being read: the form helper answers Slack first (src/slack/forms.ts). */
  actorPending?: Promise<Actor>;
}

/** Who a request comes from, wherever Slack put it in the payload. */
export function requesterOf(body: unknown): { userId: string; teamId?: string; enterpriseId?: string } | undefined {
  const b = body as {
    user_id?: string;
    team_id?: string;
    enterprise_id?: string;
    user?: { id?: string; team_id?: string };
    team?: { id?: string } | null;
    enterprise?: { id?: string } | null;
    event?: { user?: string | { id?: string } };
  };
  const eventUser = typeof b.event?.user === 'string' ? b.event.user : b.event?.user?.id;
  const userId = b.user_id ?? b.user?.id ?? eventUser;
  if (!userId) return undefined;
  const teamId = b.team_id ?? b.team?.id ?? b.user?.team_id;
  const enterpriseId = b.enterprise_id ?? b.enterprise?.id;
  return { userId, ...(teamId ? { teamId } : {}), ...(enterpriseId ? { enterpriseId } : {}) };
}

/** The acting person of this request. Throws when the middleware did not run (a wiring bug, not a person's). */
export function actorFrom(context: Context): Actor {
  const actor = (context as ActorContext).actor;
  if (!actor) throw new Error('no actor on context: is the actor middleware registered?');
  return actor;
}

type Args = AnyMiddlewareArgs & {
  context: Context;
  next: () => Promise<void>;
  client: WebClient;
  ack?: (response?: unknown) => Promise<void>;
  respond?: RespondFn;
};

export function actorMiddleware(deps: AppDeps): Middleware<AnyMiddlewareArgs> {
  return async (raw) => {
    const args = raw as unknown as Args;
    const who = requesterOf(args.body);
    if (!who) return args.next();
    const left = requestTimeLeft(args.context);
    if (left !== undefined && requestKind(args.body) === 'view') {
      // a form is answered ("Saving…") before its person is read; the read's failure is the form's to show
      const pending = resolveActorWithin(who.userId, deps.config.admins, who, left);
      pending.catch(() => undefined);
      (args.context as ActorContext).actorPending = pending;
      return args.next();
    }
    try {
      // bounded by the request deadline, not a timer of its own: past it the person is told there, and no listener runs
      (args.context as ActorContext).actor =
        left === undefined
          ? await resolveActor(who.userId, deps.config.admins, who)
          : await resolveActorWithin(who.userId, deps.config.admins, who, left);
    } catch (err) {
      // logs the cause ("database unavailable: …" when it is the database) and says what the person should see
      const text = errorReply(err, deps.logger);
      await answerUnavailable(args, text, deps).catch((answerErr) =>
        deps.logger.error('could not answer "try again":', answerErr instanceof Error ? answerErr.message : answerErr),
      );
      return;
    }
    await args.next();
  };
}
