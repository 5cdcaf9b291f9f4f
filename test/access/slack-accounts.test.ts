import type { WebClient } from '@slack/web-api';
import { deactivatedAmong, forgetAccountStatuses } from '../../src/access';

/** Whose Slack account is deactivated, through the per-replica cache of users.info answers. */

const NOW = new Date('2026-12-02T15:00:00Z');

/** A client whose users.info answers `deleted` for the ids in `gone`, each after `delayMs`; it counts the calls. */
function clientOf(gone: readonly string[], delayMs = 0) {
  const calls: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        calls.push(user);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return { ok: true, user: { id: user, deleted: gone.includes(user) } };
      },
    },
  } as unknown as WebClient;
  return { client, calls };
}

beforeEach(forgetAccountStatuses);

it('names the deactivated accounts among the ids, asking Slack once per person while the answer holds', async () => {
  const { client, calls } = clientOf(['U0GONE1']);
  expect(await deactivatedAmong(client, ['U0GONE1', 'U0HERE1', 'U0GONE1', 'not-a-user'], NOW)).toEqual(new Set(['U0GONE1']));
  expect(await deactivatedAmong(client, ['U0GONE1', 'U0HERE1'], NOW)).toEqual(new Set(['U0GONE1']));
  expect(calls.sort()).toEqual(['U0GONE1', 'U0HERE1']);
});

it('with waitMs (a request path) answers with what is known by then, and the questions still out fill the cache', async () => {
  const { client, calls } = clientOf(['U0GONE1'], 300);
  // Slack answers after 300 ms: by 50 ms nothing is known, so nothing is flagged yet
  expect(await deactivatedAmong(client, ['U0GONE1'], NOW, { waitMs: 50 })).toEqual(new Set());
  await new Promise((resolve) => setTimeout(resolve, 400));
  // the answer came in meanwhile: the next request has it at once, without asking again
  expect(await deactivatedAmong(client, ['U0GONE1'], NOW, { waitMs: 50 })).toEqual(new Set(['U0GONE1']));
  expect(calls).toEqual(['U0GONE1']);
});
