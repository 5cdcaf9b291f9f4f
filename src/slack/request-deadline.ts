import type { AnyMiddlewareArgs, App, Context, Logger, Middleware, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { withWriteTracking } from '../db/write-tracking';
import { DeadlineExceeded, withDeadline } from '../deadline';
import { AppError, UNAVAILABLE_MESSAGE } from '../errors';
import type { AppDeps } from './deps';
import { formAgain } from './forms';
import { replierFor, surfaceOf } from './interaction';
import { errorHome, errorModal, homeWithNotice } from './replies';

/**
 * The request-level deadline: whatever a request's database work does, the person hears back inside Slack's 3 s.
 * The database driver's own timeouts are generous (src/db/connection.ts), so a slow but working database still
 * finishes its work; this is what answers in time.
 *
 * - `requestDeadline` (global middleware, before the actor middleware) starts the clock when the request arrives,
 *   and acknowledges a command or a button at once: their acknowledgement is empty, so nothing it says waits on the
 *   database. Options requests and form submissions are answered by what they send back, so they are acknowledged
 *   by their listener (a form at once, by the form helper: src/slack/forms.ts).
 * - `withRequestDeadlines(app)` is the App the features register on: each listener gets an `ack`, `respond` and
 *   `client` that note when the person has been answered (an options list, a form's answer, a reply, a modal, a
 *   Home tab, a message).
 * - At REQUEST_DEADLINE_MS, if the person has heard nothing yet:
 *   - when no listener has started (its person could not be read in time), none will run: the request is
 *     answered "nothing was changed, try again" (`answerUnavailable`), which is then true;
 *   - when a listener is working, the request is acknowledged if it was not, and the person is told the database
 *     is slow and the result will follow (STILL_WORKING: never "nothing changed", since a write may still land);
 *     the listener goes on and its answer follows (it waits for that notice, so it cannot be overtaken by it).
 *     A button on the Home tab gets the tab with the notice on top (views.publish), not a DM.
 *     An options request is answered with an empty list (its answer is the acknowledgement, which cannot follow).
 *   The form helper (src/slack/forms.ts) answers a submission at once and keeps its own deadline for the save.
 *
 * Bolt hands every middleware and listener its own copy of the arguments, so only a listener wrapper can see what
 * a listener sends: that is why it is the App that is wrapped, once, in createApp.
 */

/** How long a request may go without an answer to the person (Slack's limit is 3 s; the notice needs the rest). */
export const REQUEST_DEADLINE_MS = 2_000;

export const STILL_WORKING =
  ':hourglass_flowing_sand: *Still working:* the database is slow to answer, so this is not done yet. The result will follow here as soon as it answers. If nothing comes within a minute, look before you try again: a change may still be saved.';
export const HOME_STILL_LOADING =
  ':hourglass_flowing_sand: The database is slow to answer, so your Home tab is not ready yet. It will show here as soon as the database answers; if it does not, open the tab again in a minute.';

/** The kinds of request a person waits on. Other events (nobody waits) get no deadline. */
export type RequestKind = 'command' | 'action' | 'options' | 'view' | 'home';

interface DeadlineState {
  kind: RequestKind;
  /** When the request arrived (Date.now()). */
  startedAt: number;
  /** A listener has begun. */
  started: boolean;
  /** Slack has been acknowledged. */
  acked: boolean;
  /** The person has been answered (or is being answered). */
  told: boolean;
  /** The deadline passed before a listener began: none will run (the person was told nothing was done). */
  abandoned: boolean;
  /** The deadline's notice while it is being sent: a listener's answer waits for it. */
  notice?: Promise<void>;
}

const STATE = 'requestDeadline';

function stateOf(context: Context | undefined): DeadlineState | undefined {
  return context?.[STATE] as DeadlineState | undefined;
}

interface Body {
  type?: string;
  command?: string;
  trigger_id?: string;
  user?: { id: string };
  view?: { id?: string; type?: string };
  event?: { type?: string; tab?: string; user?: string };
}

export function requestKind(body: unknown): RequestKind | undefined {
  const b = body as Body;
  if (b.command) return 'command';
  if (b.type === 'block_actions') return 'action';
  if (b.type === 'block_suggestion') return 'options';
  if (b.type === 'view_submission') return 'view';
  if (b.type === 'event_callback' && b.event?.type === 'app_home_opened' && b.event.tab === 'home' && b.event.user) return 'home';
  return undefined;
}

type Ack = (response?: unknown) => Promise<void>;
type Args = AnyMiddlewareArgs & {
  context: Context;
  next: () => Promise<void>;
  client: WebClient;
  ack?: Ack;
  respond?: RespondFn;
  logger?: Logger;
};

const logFailure = (deps: Pick<AppDeps, 'logger'>, what: string) => (err: unknown) =>
  deps.logger.error(`${what}:`, err instanceof Error ? err.message : err);

/** Global middleware: the clock of every request a person waits on (see the top of this file). */
export function requestDeadline(deps: AppDeps): Middleware<AnyMiddlewareArgs> {
  return async (raw) => {
    const args = raw as unknown as Args;
    const kind = requestKind(args.body);
    if (!kind) return args.next();
    const state: DeadlineState = { kind, startedAt: Date.now(), started: false, acked: false, told: false, abandoned: false };
    args.context[STATE] = state;
    // a command's or a button's acknowledgement carries nothing (every listener acks empty; the answer follows by
    // response_url, a modal or a message): Slack hears back now, before the person is read or anything queues
    if (kind === 'command' || kind === 'action') await ackOnce(args, state);
    const what = `answering a ${kind} request`;
    const work = args.next();
    const late = await withDeadline(
      work.then(() => false),
      REQUEST_DEADLINE_MS,
      what,
    ).catch((err: unknown) => {
      if (err instanceof DeadlineExceeded && err.what === what) return true;
      throw err;
    });
    if (!late) return;
    if (!state.told) {
      // decided at once, before anything is awaited: a listener starting after this point does not run
      state.abandoned = !state.started;
      deps.logger.warn(
        `${what}: nothing told after ${REQUEST_DEADLINE_MS} ms; ${state.abandoned ? 'dropped, the person is told to try again' : 'the person is told the result will follow'}`,
      );
      state.notice = (state.abandoned ? answerUnavailable(args, UNAVAILABLE_MESSAGE, deps) : tellStillWorking(args, state, deps)).catch(
        logFailure(deps, 'could not tell the person the database is slow'),
      );
      await state.notice;
    }
    await work;
  };
}

/**
 * How long this request has left before its deadline (at least 1 ms), or undefined when it has none (an event
 * nobody waits on): what a database read before any listener (the acting person) may take, as its `maxTimeMS`,
 * with no timer of its own — when the deadline passes first, the request is answered here.
 */
export function requestTimeLeft(context: Context | undefined): number | undefined {
  const state = stateOf(context);
  if (!state) return undefined;
  return Math.max(1, REQUEST_DEADLINE_MS - (Date.now() - state.startedAt));
}

async function ackOnce(args: Args, state: DeadlineState | undefined, response?: unknown): Promise<void> {
  if (!args.ack || state?.acked) return;
  if (state) state.acked = true;
  await args.ack(response);
}

/** A listener is at work and has not answered: acknowledge, and say the result will follow. */
async function tellStillWorking(args: Args, state: DeadlineState, deps: AppDeps): Promise<void> {
  state.told = true;
  const body = args.body as Body;
  switch (state.kind) {
    case 'options':
      return ackOnce(args, state, { options: [] });
    case 'view':
      return ackOnce(args, state, { response_action: 'update', view: formAgain(body.view as never, STILL_WORKING) });
    case 'home':
      await args.client.views.publish({ user_id: body.event?.user ?? '', view: errorHome(HOME_STILL_LOADING) });
      return;
    case 'command':
      await ackOnce(args, state);
      await args.respond?.({ response_type: 'ephemeral', text: STILL_WORKING });
      return;
    case 'action': {
      await ackOnce(args, state);
      const surface = surfaceOf(body as never);
      if (surface === 'home' && body.view && body.user) {
        // on Home, where the person pressed it: the tab with the notice on top (the change's refresh replaces it)
        try {
          await args.client.views.publish({ user_id: body.user.id, view: homeWithNotice(body.view as never, STILL_WORKING) });
          return;
        } catch (err) {
          logFailure(deps, 'could not show the notice on the Home tab, sending a DM instead')(err);
        }
      }
      if (surface === 'modal' && body.trigger_id) {
        try {
          await args.client.views.push({ trigger_id: body.trigger_id, view: errorModal(STILL_WORKING, 'Still working') });
          return;
        } catch (err) {
          logFailure(deps, 'could not show the notice in the modal, sending a DM instead')(err);
        }
      }
      await replierFor({ body: body as never, respond: args.respond, client: args.client }, deps.logger).tell(STILL_WORKING);
    }
  }
}

/**
 * `text` (e.g. "try again in a minute", when the request will not be carried out) in the form the request needs:
 * an ephemeral reply, a modal pushed on a form, an empty options list, a Home tab. Nothing when the person has
 * been answered already. Other events are acknowledged already and get nothing.
 */
export async function answerUnavailable(
  raw: AnyMiddlewareArgs & { context: Context; client: WebClient },
  text: string,
  deps: AppDeps,
): Promise<void> {
  const args = raw as unknown as Args;
  const state = stateOf(args.context);
  if (state?.told) return;
  if (state) state.told = true;
  const body = args.body as Body;
  if (body.type === 'event_callback') {
    if (requestKind(body) === 'home') await args.client.views.publish({ user_id: body.event?.user ?? '', view: errorHome(text) });
    return;
  }
  if (!args.ack) return;
  if (body.type === 'view_submission') return ackOnce(args, state, { response_action: 'push', view: errorModal(text, 'Could not save') });
  if (body.type === 'block_suggestion') return ackOnce(args, state, { options: [] });
  await ackOnce(args, state);
  if (body.command) {
    await args.respond?.({ response_type: 'ephemeral', text });
    return;
  }
  if (body.type === 'block_actions') {
    await replierFor({ body: body as never, respond: args.respond, client: args.client }, deps.logger).error(
      new AppError('unavailable', text),
    );
  }
}

/** The Web API methods that show the person something. */
const TELLING: Record<string, ReadonlySet<string>> = {
  views: new Set(['open', 'push', 'update', 'publish']),
  chat: new Set(['postMessage', 'postEphemeral', 'update']),
};

/** `client`, noting in `state` when it shows the person something, after any notice of the deadline in flight. */
function trackedClient(client: WebClient, state: DeadlineState): WebClient {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      const telling = typeof prop === 'string' ? TELLING[prop] : undefined;
      if (!telling || typeof value !== 'object' || value === null) return value;
      return new Proxy(value, {
        get(ns, method) {
          const fn: unknown = Reflect.get(ns, method, ns);
          if (typeof method !== 'string' || !telling.has(method) || typeof fn !== 'function') return fn;
          return async (...params: unknown[]) => {
            state.told = true;
            await state.notice;
            return (fn as (...p: unknown[]) => Promise<unknown>).apply(ns, params);
          };
        },
      });
    },
  });
}

type Listener = (args: Record<string, unknown>) => Promise<void> | void;

/** A listener whose acknowledgement, replies and Slack calls are noted for the request's deadline. */
function guardListener(listener: Listener): Listener {
  return async (args) => {
    const state = stateOf(args.context as Context | undefined);
    if (!state) return withWriteTracking(() => listener(args));
    if (state.abandoned) return;
    state.started = true;
    const ack = args.ack as Ack | undefined;
    const respond = args.respond as RespondFn | undefined;
    const tracked = respond
      ? async (message: Parameters<RespondFn>[0]) => {
          state.told = true;
          await state.notice;
          return respond(message);
        }
      : undefined;
    // its writes are counted, so its error reply never says "nothing was changed" after one (src/db/write-tracking.ts)
    return withWriteTracking(() =>
      listener({
        ...args,
        ...(ack
          ? {
              ack: async (response?: unknown) => {
                if (state.acked) {
                  // a command acknowledged early: what its listener meant to say in the acknowledgement follows instead
                  if (state.kind === 'command' && response !== undefined && tracked)
                    await tracked(typeof response === 'string' ? { response_type: 'ephemeral', text: response } : (response as never));
                  return;
                }
                state.acked = true;
                // an options list, a form's answer or a command's text is the answer itself
                if (state.kind === 'options' || state.kind === 'view' || response !== undefined) state.told = true;
                await ack(response);
              },
            }
          : {}),
        ...(tracked ? { respond: tracked } : {}),
        client: trackedClient(args.client as WebClient, state),
      }),
    );
  };
}

const LISTENER_METHODS = new Set(['command', 'action', 'options', 'view', 'event', 'shortcut', 'message']);

/** `app` with every listener registered through it guarded by the request deadline (see the top of this file). */
export function withRequestDeadlines(app: App): App {
  return new Proxy(app, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !LISTENER_METHODS.has(prop)) return value.bind(target);
      return (...params: unknown[]) => {
        const last = params.length - 1;
        if (typeof params[last] === 'function') params[last] = guardListener(params[last] as Listener);
        return (value as (...p: unknown[]) => unknown).apply(target, params);
      };
    },
  });
}
