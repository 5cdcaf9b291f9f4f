import { WebClient } from '@slack/web-api';
import { ModalStacks } from '../../../tools/sandbox/modals';
import { FakeSlack } from '../../../tools/slack-standin';
import type { SlackResponse, ViewSubmissionAck } from '../../../tools/slack-standin/requests';

const modal = (title: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'divider' as const }],
});
const answer = (json?: ViewSubmissionAck, status = 200) =>
  ({ status, json, body: json ? JSON.stringify(json) : '' }) as SlackResponse<unknown, ViewSubmissionAck>;

describe('modal stacks, as Slack keeps them', () => {
  let fake: FakeSlack;
  let client: WebClient;
  let modals: ModalStacks;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
    modals = new ModalStacks(fake);
    fake.subscribe((call) => modals.onCall(call));
  });
  afterEach(() => fake.stop());

  async function open(user: string, title: string): Promise<string> {
    const res = await client.views.open({ trigger_id: fake.issueTriggerId(user), view: modal(title) });
    return res.view!.id!;
  }

  it('opens per person, pushes, shows inline errors until the next submission, and an empty ack closes the submitted view', async () => {
    const first = await open('U1', 'First');
    expect(modals.top('U2')).toBeUndefined();
    await client.views.push({ trigger_id: fake.issueTriggerId('U1'), view: modal('Second') });
    expect(modals.top('U1')).toMatchObject({ depth: 2, view: { title: { text: 'Second' } } });
    const second = modals.top('U1')!.view.id;

    modals.applySubmission('U1', second, answer({ response_action: 'errors', errors: { b1: 'Wrong' } }));
    expect(modals.top('U1')?.errors).toEqual({ b1: 'Wrong' });
    modals.applySubmission('U1', second, answer());
    expect(modals.top('U1')).toMatchObject({ depth: 1, errors: {}, view: { id: first } });
  });

  it('updates in place, pushes and clears through response_action; a view Slack would reject becomes a visible problem', async () => {
    const id = await open('U1', 'First');
    modals.applySubmission('U1', id, answer({ response_action: 'update', view: modal('Updated') }));
    expect(modals.top('U1')).toMatchObject({ depth: 1, view: { id, title: { text: 'Updated' } } });
    modals.applySubmission('U1', id, answer({ response_action: 'push', view: modal('Pushed') }));
    expect(modals.top('U1')).toMatchObject({ depth: 2, view: { title: { text: 'Pushed' } } });
    const pushed = modals.top('U1')!.view.id;
    modals.applySubmission('U1', pushed, answer({ response_action: 'update', view: modal('x'.repeat(30)) }));
    expect(modals.top('U1')?.problem).toMatch(/Slack would reject/);
    modals.applySubmission('U1', pushed, answer({ response_action: 'clear' }));
    expect(modals.top('U1')).toBeUndefined();
  });

  it('tells the person when the app did not answer, and closes one view or all of them', async () => {
    const id = await open('U1', 'First');
    modals.applySubmission('U1', id, answer(undefined, 500));
    expect(modals.top('U1')?.problem).toMatch(/HTTP 500/);
    await client.views.push({ trigger_id: fake.issueTriggerId('U1'), view: modal('Second') });
    modals.close('U1', modals.top('U1')!.view.id);
    expect(modals.top('U1')?.view.id).toBe(id);
    await client.views.push({ trigger_id: fake.issueTriggerId('U1'), view: modal('Second') });
    modals.close('U1', modals.top('U1')!.view.id, true);
    expect(modals.top('U1')).toBeUndefined();
  });
});
