import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { parseConfig } from '../../src/config';
import type { Actor } from '../../src/domain/actor';
import { invalidInput, UNAVAILABLE_MESSAGE } from '../../src/errors';
import type { AppDeps } from '../../src/slack/deps';
import {
  FORM_DEADLINE_MS,
  formAgain,
  formListener,
  isSubmittedForm,
  NOT_YET_CONFIRMED,
  OUT_OF_DATE,
  originIsFresh,
  originOf,
  RESPONSE_URL_LIFETIME_MS,
  submissionKey,
  type FormAnswer,
  type FormSpec,
} from '../../src/slack/forms';
import { CapturingLogger } from '../support/logger';

/**
 * The form helper, called directly as Bolt would call it (the e2e tests of each form drive it through signed
 * requests): inline errors, the immediate "Saving…" answer, the result by views.update, the deadline path.
 */

const NOW = new Date('2026-09-15T14:00:00Z');
const actor: Actor = { userId: 'ULEAD', isAdmin: false, leads: ['construction'], partnerIds: [] };
const config = parseConfig({
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
  PORT: '0',
  SCHEDULER_ENABLED: 'false',
});
if (!config.ok) throw new Error(config.problems.join('; '));

const FORM: ModalView = {
  type: 'modal',
  callback_id: 'probe_form',
  title: { type: 'plain_text', text: 'Probe' },
  submit: { type: 'plain_text', text: 'Save' },
  private_metadata: JSON.stringify({ n: 1 }),
  blocks: [
    {
      type: 'input',
      block_id: 'name',
      label: { type: 'plain_text', text: 'Name' },
      element: { type: 'plain_text_input', action_id: 'name_input' },
    },
  ],
};

function submission(name: string, metadata = FORM.private_metadata) {
  return {
    type: 'view_submission',
    user: { id: 'ULEAD' },
    view: {
      ...FORM,
      id: 'VPROBE1',
      hash: '1.abc',
      private_metadata: metadata,
      state: { values: { name: { name_input: { type: 'plain_text_input', value: name } } } },
    },
  };
}

function run(spec: FormSpec<{ n: number }, string>, name: string, metadata?: string, context: object = { actor }) {
  const logger = new CapturingLogger();
  const deps: AppDeps = { config: config.ok ? config.config : (undefined as never), logger, clock: () => NOW };
  const ack = jest.fn(async () => undefined);
  const update = jest.fn(async () => ({ ok: true }));
  const postMessage = jest.fn(async () => ({ ok: true }));
  const open = jest.fn(async () => ({ ok: true, channel: { id: 'DLEAD' } }));
  const client = { views: { update }, chat: { postMessage }, conversations: { open } };
  const done = formListener(
    spec,
    deps,
  )({
    ack,
    body: submission(name, metadata),
    context,
    client,
  } as never);
  return { done, ack, update, postMessage, logger };
}

const saved = (text: string): FormAnswer => ({
  kind: 'saved',
  view: { type: 'modal', title: { type: 'plain_text', text: 'Saved' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
});

function spec(save: FormSpec<{ n: number }, string>['save']): FormSpec<{ n: number }, string> {
  return {
    callbackId: 'probe_form',
    metadata: z.object({ n: z.number() }),
    parse: (values) => {
      const name = values?.name?.name_input?.value ?? '';
      return name.trim() ? { ok: true, value: name.trim() } : { ok: false, errors: { name: 'Give it a name.' } };
    },
    save,
  };
}

describe('the form helper', () => {
  it('answers a synchronous problem inline and saves nothing', async () => {
    const save = jest.fn();
    const { done, ack, update } = run(spec(save), '  ');
    await done;
    expect(ack).toHaveBeenCalledWith({ response_action: 'errors', errors: { name: 'Give it a name.' } });
    expect(save).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
  });

  it('refuses metadata it does not understand, on top of the form', async () => {
    const { done, ack } = run(spec(jest.fn()), 'Ada', '{"n":"one"}');
    await done;
    expect(JSON.stringify(ack.mock.calls[0])).toContain(OUT_OF_DATE);
  });

  it('answers Slack before the save runs, then shows the saved record', async () => {
    let ackedBeforeSave = false;
    const ran: { ack?: jest.Mock } = {};
    const { done, ack, update } = run(
      spec(async (name, req) => {
        ackedBeforeSave = (ran.ack?.mock.calls.length ?? 0) === 1;
        expect(req.key).toBe(submissionKey('VPROBE1', 'Ada'));
        expect(req.meta).toEqual({ n: 1 });
        return saved(`Saved ${name}`);
      }),
      'Ada',
    );
    ran.ack = ack;
    await done;
    expect(ackedBeforeSave).toBe(true);
    const acked = (ack.mock.calls[0] as unknown[])[0] as { response_action: string; view: ModalView };
    expect(acked.response_action).toBe('update');
    expect(acked.view.blocks[0]).toMatchObject({ block_id: 'form_notice' });
    expect(acked.view.blocks.slice(1)).toEqual(FORM.blocks);
    expect(update).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(update.mock.calls[0])).toContain('Saved Ada');
  });

  it('shows a refusal under its field, and a failure on top, keeping the form', async () => {
    const refused = run(
      spec(async () => ({ kind: 'refused', errors: { name: 'That name is taken.' } })),
      'Ada',
    );
    await refused.done;
    const again = (refused.update.mock.calls[0] as unknown[])[0] as { view: ModalView };
    expect(again.view.callback_id).toBe('probe_form');
    expect(again.view.blocks.map((b) => b.block_id)).toEqual(['form_notice', 'name', 'form_warning:name']);
    expect(JSON.stringify(again.view.blocks[2])).toContain('That name is taken.');

    const failed = run(
      spec(async () => {
        throw invalidInput('That commission is archived.');
      }),
      'Ada',
    );
    await failed.done;
    expect(JSON.stringify(failed.update.mock.calls[0])).toContain('Not saved:* That commission is archived.');
  });

  it('past the deadline, says the save is not yet confirmed, then shows the result', async () => {
    const started = Date.now();
    const { done, update, logger } = run(
      spec(async () => {
        await new Promise((r) => setTimeout(r, FORM_DEADLINE_MS + 700));
        return saved('Saved late');
      }),
      'Ada',
    );
    await done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(FORM_DEADLINE_MS + 600);
    expect(update).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(update.mock.calls[0])).toContain(JSON.stringify(NOT_YET_CONFIRMED).slice(1, 40));
    expect(JSON.stringify(update.mock.calls[1])).toContain('Saved late');
    expect(logger.text()).toContain('not saved within 2000 ms');
  });

  it('answers Slack while the person is still being read, then saves as that person', async () => {
    let read!: (a: Actor) => void;
    const actorPending = new Promise<Actor>((resolve) => {
      read = resolve;
    });
    const save = jest.fn(async (_name: string, req: { actor: Actor }) => saved(`Saved by ${req.actor.userId}`));
    const { done, ack, update } = run(spec(save), 'Ada', undefined, { actorPending });
    await new Promise((r) => setImmediate(r));
    expect(ack).toHaveBeenCalledTimes(1);
    expect(save).not.toHaveBeenCalled();
    read(actor);
    await done;
    expect(save).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(update.mock.calls[0])).toContain('Saved by ULEAD');
  });

  it('a person not read by the deadline: the form says try again, and nothing is saved, even when the read answers later', async () => {
    let read!: (a: Actor) => void;
    const actorPending = new Promise<Actor>((resolve) => {
      read = resolve;
    });
    const save = jest.fn(async () => saved('Saved'));
    const started = Date.now();
    const { done, update, logger } = run(spec(save), 'Ada', undefined, { actorPending });
    await done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(FORM_DEADLINE_MS - 50);
    expect(update).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(update.mock.calls[0])).toContain('Please try again in a minute');
    expect(JSON.stringify(update.mock.calls[0])).toContain(UNAVAILABLE_MESSAGE.slice(-40));
    expect(logger.text()).toContain('database unavailable');
    read(actor);
    await new Promise((r) => setTimeout(r, 50));
    expect(save).not.toHaveBeenCalled();
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('a person whose read fails: the form says why, and nothing is saved', async () => {
    const save = jest.fn(async () => saved('Saved'));
    const actorPending = Promise.reject(Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' }));
    actorPending.catch(() => undefined);
    const { done, update } = run(spec(save), 'Ada', undefined, { actorPending });
    await done;
    expect(save).not.toHaveBeenCalled();
    expect(update).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(update.mock.calls[0])).toContain('try again in a minute');
  });

  it('DMs the result when the modal is gone', async () => {
    const r = run(
      spec(async () => ({ kind: 'refused', errors: { name: 'That name is taken.' } })),
      'Ada',
    );
    r.update.mockRejectedValue(new Error('not_found'));
    await r.done;
    expect(JSON.stringify(r.postMessage.mock.calls[0])).toContain('That name is taken.');
  });

  it('DMs a saved answer or a next step its ifClosed message when the modal is gone, and only then', async () => {
    const next = (view: string): FormAnswer => ({
      kind: 'next',
      view: { type: 'modal', title: { type: 'plain_text', text: view }, blocks: [] },
      ifClosed: { text: `the ${view}, by DM` },
    });
    const gone = run(
      spec(async () => next('preview')),
      'Ada',
    );
    gone.update.mockRejectedValue(new Error('not_found'));
    await gone.done;
    expect(gone.postMessage).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(gone.postMessage.mock.calls[0])).toContain('the preview, by DM');
    const open = run(
      spec(async () => ({ ...saved('Saved'), ifClosed: { text: 'not wanted' } })),
      'Ada',
    );
    await open.done;
    expect(open.postMessage).not.toHaveBeenCalled();
  });

  it('words "Saving…" from what was entered, and says what the form asks past the deadline', async () => {
    const slow: FormSpec<{ n: number }, string> = {
      ...spec(async (name) => {
        await new Promise((r) => setTimeout(r, FORM_DEADLINE_MS + 200));
        return saved(`Read ${name}`);
      }),
      saving: (name) => `Reading ${name}…`,
      pending: 'Still reading: a big file takes a while.',
    };
    const { done, ack, update } = run(slow, 'big.xlsx');
    await done;
    expect(JSON.stringify(ack.mock.calls[0])).toContain('Reading big.xlsx…');
    const [pending, result] = update.mock.calls.map((c) => JSON.stringify(c));
    expect(pending).toContain('Still reading: a big file takes a while.');
    expect(pending).not.toContain('Not saved yet');
    expect(result).toContain('Read big.xlsx');
    // the form as submitted carries the helper's notice: closing it later is not closing an unsubmitted form
    expect(isSubmittedForm(JSON.parse(pending)[0].view)).toBe(true);
    expect(isSubmittedForm(FORM)).toBe(false);
  });
});

describe('submission keys and origins', () => {
  it('a key is the view and what was entered, whatever the order of its fields', () => {
    expect(submissionKey('V1', { a: 1, b: [1, 2] })).toBe(submissionKey('V1', { b: [1, 2], a: 1, c: undefined }));
    expect(submissionKey('V1', { a: 1 })).not.toBe(submissionKey('V1', { a: 2 }));
    expect(submissionKey('V1', { a: 1 })).not.toBe(submissionKey('V2', { a: 1 }));
  });

  it('keeps where a command or a button was used, and knows when its response_url has expired', () => {
    const fromCommand = originOf({ response_url: 'https://hooks.slack.com/commands/T1/1/abc', channel_id: 'C123' }, NOW);
    expect(fromCommand).toEqual({ u: 'https://hooks.slack.com/commands/T1/1/abc', c: 'C123', at: NOW.getTime() });
    const fromButton = originOf(
      { response_url: 'https://hooks.slack.com/actions/T1/2/def', channel: { id: 'C123' }, container: { message_ts: '1700000000.000100' } },
      NOW,
    );
    expect(fromButton?.m).toBe('1700000000.000100');
    expect(originOf({ channel_id: 'C123' }, NOW)).toBeUndefined();
    expect(originIsFresh(fromCommand, new Date(NOW.getTime() + RESPONSE_URL_LIFETIME_MS - 1))).toBe(true);
    expect(originIsFresh(fromCommand, new Date(NOW.getTime() + RESPONSE_URL_LIFETIME_MS))).toBe(false);
  });

  it('the form again drops its earlier notices and warnings', () => {
    const once = formAgain(FORM, 'first', { name: 'bad' });
    const twice = formAgain({ ...once }, 'second');
    expect(twice.blocks.map((b) => b.block_id)).toEqual(['form_notice', 'name']);
    expect(JSON.stringify(twice.blocks[0])).toContain('second');
  });
});
