import { ServerResponse } from 'node:http';
import { MongoServerError } from 'mongodb';
import { actorFrom, requesterOf } from '../../src/access/middleware';
import { PersonModel } from '../../src/access/model';
import { ACTION, BLOCK, CALLBACK } from '../../src/commitments/ids';
import { UNAVAILABLE_MESSAGE } from '../../src/errors';
import { features } from '../../src/features';
import type { Actor } from '../../src/domain/actor';
import type { Feature } from '../../src/slack/features';
import { CommitmentModel } from '../../src/commitments/model';
import { commitmentFormView } from '../../src/commitments/views';
import { LEAD, seedBasics, type Seeded } from '../commitments/fixtures';
import { submitForm, type Submitted } from '../support/forms';
import { REQUEST_DEADLINE_MS } from '../../src/slack/request-deadline';
import { useHarness } from '../support/harness';
import { RoundTrips, type SentCommand } from '../support/round-trips';

/**
 * The acting person is resolved once, by a global middleware, with one read of the people index by unique key;
 * it is on `context` for every listener. A command or a button is acknowledged before that read, and a form
 * submission is answered "Saving…" from what was typed while it runs. When that read does not answer by the
 * request deadline, the person is told "try again in a minute", and no listener runs (a form: on the form).
 */

const seen: Actor[] = [];
const probe: Feature = {
  name: 'probe',
  register: (app) =>
    app.command('/probe', async ({ ack, context }) => {
      await ack();
      seen.push(actorFrom(context));
    }),
};

let seeded: Seeded;
const h = useHarness({
  features: [...features, probe],
  seed: async () => {
    seeded = await seedBasics();
  },
});
/** What a lead types into the commitment form for Con Edison. */
const commitmentValues = (s: Seeded, quantity: string) => ({
  [BLOCK.partner]: { [ACTION.partner]: String(s.conEd) },
  [BLOCK.commission]: { [ACTION.commission]: 'construction' },
  [BLOCK.type]: { [ACTION.type]: 'internship_hosting' },
  [BLOCK.quantity]: { [ACTION.quantity]: quantity },
  [BLOCK.startDate]: { [ACTION.startDate]: '2026-10-01' },
});
let trips: RoundTrips;
beforeAll(async () => {
  trips = await RoundTrips.connect();
});

/** The database commands a request sent before its acknowledgement left the app (the HTTP response's end). */
async function beforeAck(send: () => Promise<unknown>): Promise<SentCommand[]> {
  let acked: SentCommand[] | undefined;
  const end = ServerResponse.prototype.end;
  const running = trips;
  running.start();
  ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
    acked ??= running.peek();
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof end;
  try {
    await send();
  } finally {
    ServerResponse.prototype.end = end;
    running.stop();
  }
  if (!acked) throw new Error('the request was never acknowledged');
  return acked;
}

describe('the actor middleware', () => {
  it('puts the acting person with their roles and workspace on context', async () => {
    seen.length = 0;
    await h().slack.command('/probe', '', { userId: LEAD });
    // a command is acknowledged before its person is read: the listener runs after the HTTP answer
    await h().idle();
    expect(seen).toEqual([
      { userId: LEAD, teamId: h().fake.teamId, isAdmin: false, leads: ['construction'], partnerIds: [], memberOf: [] },
    ]);
  });

  it('finds who acts wherever Slack puts them', () => {
    expect(requesterOf({ user_id: 'U1', team_id: 'T1' })).toEqual({ userId: 'U1', teamId: 'T1' });
    expect(requesterOf({ user: { id: 'U2', team_id: 'T2' }, enterprise: { id: 'E2' } })).toEqual({
      userId: 'U2',
      teamId: 'T2',
      enterpriseId: 'E2',
    });
    expect(requesterOf({ event: { type: 'app_home_opened', user: 'U3' }, team_id: 'T3' })).toEqual({ userId: 'U3', teamId: 'T3' });
    expect(requesterOf({ event: { type: 'tokens_revoked' } })).toBeUndefined();
  });
});

describe('database round trips before the acknowledgement', () => {
  const people = { name: 'find', collection: 'people', filter: { _id: LEAD } };

  it('/commit: none (a command is acknowledged before its person is read)', async () => {
    const sent = await beforeAck(() => h().slack.command('/commit', 'Con Edison', { userId: LEAD }));
    expect(sent).toEqual([]);
    await h().fake.waitFor('views.open');
  });

  it('a form submission: none; the form helper answers "Saving…" before the person is read, checks and writes', async () => {
    const form = h().fake.seedView({
      ...commitmentFormView({ metadata: {}, commissions: [{ key: 'construction', name: 'Construction/Sustainability' }] }),
    } as never);
    const values = commitmentValues(seeded, '5');
    let shown: Submitted | undefined;
    const sent = await beforeAck(async () => {
      shown = await submitForm(h(), { userId: LEAD, view: { id: form.id }, values });
    });
    expect(sent).toEqual([]);
    expect(shown?.shown?.callback_id).toBe(CALLBACK.done);
    expect(await CommitmentModel.countDocuments({ partnerId: seeded.conEd, quantity: 5 })).toBe(1);
  });

  it('the partner type-ahead: the person only (the names are searched in memory)', async () => {
    const form = h().fake.seedView({ callback_id: CALLBACK.form, blocks: [] });
    let answer: unknown;
    const sent = await beforeAck(async () => {
      answer = (
        await h().slack.options({ userId: LEAD, actionId: ACTION.partner, blockId: BLOCK.partner, value: 'con', view: { id: form.id } })
      ).json;
    });
    expect(JSON.stringify(answer)).toContain('Con Edison');
    expect(sent).toEqual([people]);
  });
});

describe('a people read bounded by the request deadline, not a timer of its own', () => {
  it('a read slower than a second but inside the deadline lets the listener run, its maxTimeMS what the deadline leaves', async () => {
    const original = PersonModel.findById.bind(PersonModel);
    const limits: number[] = [];
    const findById = jest.spyOn(PersonModel, 'findById').mockImplementation(((...args: Parameters<typeof original>) => {
      const query = original(...args);
      const slow = {
        maxTimeMS: (ms: number) => {
          limits.push(ms);
          query.maxTimeMS(ms);
          return slow;
        },
        lean: () => new Promise((resolve) => setTimeout(resolve, 1_300)).then(() => query.lean()),
      };
      return slow;
    }) as never);
    try {
      seen.length = 0;
      await h().slack.command('/probe', '', { userId: LEAD });
      await h().idle();
      expect(seen.map((a) => a.leads)).toEqual([['construction']]);
      expect(limits).toHaveLength(1);
      expect(limits[0]).toBeGreaterThan(0);
      expect(limits[0]).toBeLessThanOrEqual(REQUEST_DEADLINE_MS);
      expect(
        h()
          .fake.callsTo('response_url')
          .map((c) => c.args.text),
      ).not.toContain(UNAVAILABLE_MESSAGE);
    } finally {
      findById.mockRestore();
    }
  });
});

describe('when the person cannot be resolved in time', () => {
  let findById: jest.SpyInstance;
  beforeEach(() => {
    // the people index does not answer: the server gives up at the maxTimeMS it was given (MaxTimeMSExpired)
    let limit = 0;
    const hanging = {
      maxTimeMS: (ms: number) => {
        limit = ms;
        return hanging;
      },
      lean: () =>
        new Promise((_, reject) =>
          setTimeout(() => reject(Object.assign(new MongoServerError({ errmsg: 'operation exceeded time limit' }), { code: 50 })), limit),
        ),
    };
    findById = jest.spyOn(PersonModel, 'findById').mockReturnValue(hanging as never);
  });
  afterEach(() => findById.mockRestore());

  it('a command is answered "try again in a minute" within 3 s, and no listener runs', async () => {
    seen.length = 0;
    const started = Date.now();
    const res = await h().slack.command('/probe', '', { userId: LEAD });
    expect(res.status).toBe(200);
    const path = new URL(res.sent.response_url).pathname;
    const reply = await h().fake.waitFor('response_url', (c) => c.path === path);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_DEADLINE_MS - 50);
    expect(reply.args).toMatchObject({ response_type: 'ephemeral', text: UNAVAILABLE_MESSAGE });
    expect(seen).toEqual([]);
  });

  it('a form submission is answered "Saving…", then the form says so on top and nothing is written; a type-ahead gets no options', async () => {
    const form = h().fake.seedView({
      ...commitmentFormView({ metadata: {}, commissions: [{ key: 'construction', name: 'Construction/Sustainability' }] }),
    } as never);
    const started = Date.now();
    const submitted = await submitForm(h(), { userId: LEAD, view: { id: form.id }, values: commitmentValues(seeded, '7') });
    // what was typed is answered first, from the request alone
    expect(submitted.res.json?.response_action).toBe('update');
    expect(JSON.stringify(submitted.res.json?.view)).toContain('Saving');
    // the person's read fails at its limit, within the form helper's deadline: the form again, the reason on top
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(submitted.shown?.callback_id).toBe(CALLBACK.form);
    expect(JSON.stringify(submitted.shown?.blocks)).toContain('try again in a minute');
    expect(await CommitmentModel.countDocuments({ partnerId: seeded.conEd, quantity: 7 })).toBe(0);
    const options = await h().slack.options({
      userId: LEAD,
      actionId: ACTION.partner,
      blockId: BLOCK.partner,
      value: 'con',
      view: { id: form.id },
    });
    expect(options.json?.options).toEqual([]);
    expect(h().logger.text()).toContain('database unavailable');
  });
});
