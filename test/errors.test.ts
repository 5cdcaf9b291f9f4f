import { MongoClientClosedError, MongoNetworkError, MongoNetworkTimeoutError, MongoServerSelectionError } from 'mongodb';
import { DeadlineExceeded } from '../src/deadline';
import {
  invalidInput,
  isUnconfirmed,
  PARTLY_SAVED_NOTE,
  PARTLY_SAVED_UNAVAILABLE_MESSAGE,
  PARTLY_SAVED_UNEXPECTED_MESSAGE,
  UNAVAILABLE_MESSAGE,
  UNCONFIRMED_MESSAGE,
  userMessageFor,
} from '../src/errors';

/** What a person is told for each kind of database failure: "nothing was changed" only when nothing was sent. */
describe('userMessageFor', () => {
  const logged: string[] = [];
  const say = (err: unknown) => userMessageFor(err, (what) => logged.push(what));

  it('says nothing was changed when the operation never reached the database', () => {
    expect(say(new MongoServerSelectionError('no server', { servers: new Map() } as never))).toBe(UNAVAILABLE_MESSAGE);
    expect(say(new MongoNetworkError('connect ECONNREFUSED', { beforeHandshake: true }))).toBe(UNAVAILABLE_MESSAGE);
    expect(say(new MongoNetworkTimeoutError('timed out', { beforeHandshake: true }))).toBe(UNAVAILABLE_MESSAGE);
    expect(say(new Error('Operation `people.findOne()` buffering timed out after 2000ms'))).toBe(UNAVAILABLE_MESSAGE);
    expect(say(new DeadlineExceeded('resolving U1', 1000))).toBe(UNAVAILABLE_MESSAGE);
  });

  it('says it is not confirmed when the operation was sent and never answered', () => {
    const timedOut = new MongoNetworkTimeoutError('connection 3 to 127.0.0.1:27017 timed out');
    const closed = new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed');
    const interrupted = Object.assign(new MongoNetworkError('Connection to 127.0.0.1:27017 interrupted due to server monitor timeout'), {});
    Object.defineProperty(interrupted, 'name', { get: () => 'PoolClearedOnNetworkError' });
    const clientClosed = new MongoClientClosedError();
    for (const err of [timedOut, closed, interrupted, clientClosed]) {
      expect({ err: err.name, unconfirmed: isUnconfirmed(err) }).toEqual({ err: err.name, unconfirmed: true });
      expect(say(err)).toBe(UNCONFIRMED_MESSAGE);
    }
    expect(UNCONFIRMED_MESSAGE).not.toMatch(/nothing was changed/);
    expect(logged.every((w) => w === 'database unavailable')).toBe(true);
  });

  it('tells an AppError as it is, and nothing of a bug', () => {
    expect(say(invalidInput('Give a number.'))).toBe('Give a number.');
    expect(isUnconfirmed(invalidInput('x'))).toBe(false);
    expect(say(new TypeError('x is undefined'))).not.toContain('x is undefined');
  });
});

describe('userMessageFor after a write of the same request', () => {
  const say = (err: unknown) => userMessageFor(err, () => undefined, { wrote: true });

  it('never says nothing was changed: part may be saved, and where to look', () => {
    const answers = [
      say(new MongoServerSelectionError('no server', { servers: new Map() } as never)),
      say(new DeadlineExceeded('writing', 1000)),
      say(new TypeError('x is undefined')),
    ];
    expect(answers).toEqual([PARTLY_SAVED_UNAVAILABLE_MESSAGE, PARTLY_SAVED_UNAVAILABLE_MESSAGE, PARTLY_SAVED_UNEXPECTED_MESSAGE]);
    for (const text of answers) {
      expect(text).not.toMatch(/nothing was changed/i);
      expect(text).toContain('may already be saved');
      expect(text).toContain('*History*');
    }
    expect(say(new MongoNetworkTimeoutError('connection 3 timed out'))).toBe(UNCONFIRMED_MESSAGE);
    expect(say(invalidInput('Give a number.'))).toBe(`Give a number.\n${PARTLY_SAVED_NOTE}`);
  });
});
