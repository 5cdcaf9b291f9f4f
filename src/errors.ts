/**
 * One error class for everything a person should be told about. Services throw it; the Slack layer
 * turns it into an ephemeral message (or inline modal errors). Anything else is a bug: logged, and the
 * person gets a polite generic answer, never a stack trace.
 */
export type ErrorCode = 'invalid_input' | 'not_found' | 'forbidden' | 'conflict' | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to the person in Slack (mrkdwn). */
    readonly userMessage: string,
    /** Field errors for modals: block_id → message. */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(userMessage);
    this.name = 'AppError';
  }
}

export const invalidInput = (message: string, fieldErrors?: Record<string, string>) => new AppError('invalid_input', message, fieldErrors);
export const notFound = (message: string) => new AppError('not_found', message);
export const forbidden = (message: string) => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);

/**
 * An update that stated the revision it read, refused because the record moved on meanwhile. Names who changed
 * it (a Slack user id, shown as a mention) and when, so the person knows whose change they would have overwritten.
 */
export class StaleRevision extends AppError {
  constructor(
    what: string,
    readonly changedBy: string | undefined,
    readonly changedAt: Date | undefined,
    fieldErrors?: Record<string, string>,
  ) {
    super(
      'conflict',
      `${what} was changed by ${changedBy ? `<@${changedBy}>` : 'someone else'} meanwhile, so your change was not saved. Look at it again and redo your change.`,
      fieldErrors,
    );
    this.name = 'StaleRevision';
  }
}

const DB_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  // an operation in flight when the server monitor's heartbeat timed out (the database stopped answering)
  'PoolClearedOnNetworkError',
  // an operation in flight when the client was closed (the watchdog replacing a client whose monitor is stuck)
  'MongoClientClosedError',
  'MongooseServerSelectionError',
  // a database read or write past its deadline (src/deadline.ts)
  'DeadlineExceeded',
]);

/** True for errors that mean "the database is not reachable right now" rather than a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (DB_ERROR_NAMES.has(err.name)) return true;
  // the server gave up on an operation past its maxTimeMS (MaxTimeMSExpired): too slow to answer now
  if (err.name === 'MongoServerError' && (err as { code?: number }).code === 50) return true;
  // mongoose buffers commands while disconnected and then times out with this message
  return /buffering timed out|connection .* closed|ECONNREFUSED|ECONNRESET/i.test(err.message);
}

/**
 * An operation that was sent and never answered (the connection went silent or was lost under it): the database
 * may have carried it out. A failure before the operation was sent (no server, a refused connection, a buffered
 * operation) is not one of these.
 */
export function isUnconfirmed(err: unknown): boolean {
  if (!(err instanceof Error) || !isDatabaseUnavailable(err)) return false;
  if ((err as { beforeHandshake?: boolean }).beforeHandshake) return false;
  return (
    ['MongoNetworkTimeoutError', 'PoolClearedOnNetworkError', 'MongoClientClosedError'].includes(err.name) ||
    (err.name === 'MongoNetworkError' && /closed|ECONNRESET/i.test(err.message))
  );
}

export const UNAVAILABLE_MESSAGE =
  ':hourglass_flowing_sand: The database is not answering right now, so nothing was changed. Please try again in a minute.';
export const UNCONFIRMED_MESSAGE =
  ':hourglass_flowing_sand: The database stopped answering before it confirmed this, so I cannot tell whether it was done. Please look before you try again in a minute: a change may have been saved.';
export const UNEXPECTED_MESSAGE =
  ':warning: Something went wrong on our side and nothing was changed. The team has been told; please try again, and if it keeps happening tell an administrator.';

/** After a write of the same request: the database stopped answering before the rest was done. */
export const PARTLY_SAVED_UNAVAILABLE_MESSAGE =
  ':hourglass_flowing_sand: The database stopped answering part-way through, so part of this may already be saved and part not. Please look at what you changed (its *History* lists every saved change) before you try again in a minute.';
/** After a write of the same request: a bug stopped the rest. */
export const PARTLY_SAVED_UNEXPECTED_MESSAGE =
  ':warning: Something went wrong on our side part-way through, so part of this may already be saved and part not. Please look at what you changed (its *History* lists every saved change) before you try again. The team has been told; if it keeps happening tell an administrator.';
/** Added to a refusal that came after a write of the same request. */
export const PARTLY_SAVED_NOTE = '_Part of this may already be saved: look at what you changed before you try again._';

/**
 * The message a person sees for any error; logs what they must not see. `wrote`: a write of the same request
 * succeeded before the error (src/db/write-tracking.ts), so "nothing was changed" would not be true.
 */
export function userMessageFor(err: unknown, log: (message: string, err: unknown) => void, options: { wrote?: boolean } = {}): string {
  if (err instanceof AppError) return options.wrote ? `${err.userMessage}\n${PARTLY_SAVED_NOTE}` : err.userMessage;
  if (isDatabaseUnavailable(err)) {
    log('database unavailable', err);
    if (isUnconfirmed(err)) return UNCONFIRMED_MESSAGE;
    return options.wrote ? PARTLY_SAVED_UNAVAILABLE_MESSAGE : UNAVAILABLE_MESSAGE;
  }
  log('unexpected error', err);
  return options.wrote ? PARTLY_SAVED_UNEXPECTED_MESSAGE : UNEXPECTED_MESSAGE;
}
