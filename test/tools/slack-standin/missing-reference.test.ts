import { WebClient } from '@slack/web-api';

/** The sandbox on a clone without ../shared: the stand-in still serves the app, checking the hard limits only. */
describe('the Slack stand-in without the shared reference data', () => {
  const saved = process.env.SLACK_REFERENCE_DIR;
  afterAll(() => {
    if (saved === undefined) delete process.env.SLACK_REFERENCE_DIR;
    else process.env.SLACK_REFERENCE_DIR = saved;
  });

  it('accepts methods and blocks once allowed, and still refuses what breaks a hard limit', async () => {
    process.env.SLACK_REFERENCE_DIR = '/nonexistent/slack-reference';
    let slack!: typeof import('../../../tools/slack-standin');
    let reference!: typeof import('../../../tools/slack-standin/reference');
    jest.isolateModules(() => {
      slack = require('../../../tools/slack-standin');
      reference = require('../../../tools/slack-standin/reference');
    });
    expect(reference.referenceAvailable()).toBe(false);
    expect(() => reference.methodSpec('chat.postMessage')).toThrow(/not found/);
    reference.allowMissingReference();

    const fake = await slack.FakeSlack.start();
    try {
      const client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
      await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] });
      expect(fake.messages('C1')).toHaveLength(1);
      await expect(
        client.chat.postMessage({
          channel: 'C1',
          text: 'x',
          blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
        }),
      ).rejects.toThrow(/invalid_blocks/);
    } finally {
      await fake.stop();
    }
  });
});
