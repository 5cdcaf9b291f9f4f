import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import { type RequestFields, withRequest } from '../logger';

/**
 * Global middleware: everything done for one Slack request runs with its request id (and what Slack sent) on
 * every log line, whichever logger writes it (see logger.ts); `context.logger` is the logger to use for it.
 */
export function requestLogging(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    context.logger = logger;
    await withRequest(describeRequest(body as Record<string, unknown>), next);
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** The request id (Slack's event id for events, a new one otherwise) and the Slack ids that say what the request is. */
export function describeRequest(body: Record<string, unknown>): RequestFields {
  const reqId = str(body.event_id) ?? randomUUID().slice(0, 13);
  const user = str(body.user_id) ?? str(rec(body.user).id) ?? str(rec(body.event).user);
  const fields: RequestFields = { reqId, ...(user ? { user } : {}) };
  if (str(body.command)) return { ...fields, command: str(body.command) };
  const type = str(body.type);
  if (type === 'block_actions') return { ...fields, action: str(rec((body.actions as unknown[] | undefined)?.[0]).action_id) };
  if (type === 'block_suggestion') return { ...fields, suggestion: str(body.action_id) };
  if (type === 'view_submission' || type === 'view_closed') return { ...fields, view: str(rec(body.view).callback_id), kind: type };
  if (type === 'event_callback') return { ...fields, event: str(rec(body.event).type) };
  return type ? { ...fields, kind: type } : fields;
}
