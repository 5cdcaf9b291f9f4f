import { CommissionModel } from '../../src/commissions/model';
import { createCommitment } from '../../src/commitments/service';
import { digestSource } from '../../src/digest/source';
import { PartnerModel } from '../../src/partners/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { commandReply } from '../support/command-reply';
import { TEST_BOT_TOKEN, useHarness } from '../support/harness';
import { WebClient } from '@slack/web-api';

/** A commission channel shared with partners receives digests that name no partner (and so when the check fails). */

const ADMIN = 'U0ADMINSH';
const CHANNEL = 'C0SHARED1';
const CONTACT = 'U0CONTSH1';
// Monday 30 November 2026, 09:05 in New York
const NOW = new Date('2026-11-30T14:05:00Z');

const h = useHarness({
  admins: [ADMIN],
  now: NOW,
  env: { TZ: 'America/New_York' },
  seed: async (h) => {
    h.fake.addUser({ id: ADMIN, name: 'admin' });
    h.fake.addUser({ id: CONTACT, name: 'pat.lee' });
    await CommissionModel.create({ key: 'construction', name: 'Construction/Sustainability', channelId: CHANNEL, leads: [] });
    const [partner] = await PartnerModel.create([
      { name: 'Con Edison', commissions: ['construction'], contacts: [{ name: 'Pat Lee', slackUserId: CONTACT }], status: 'active' },
    ]);
    await createCommitment(
      {
        partnerId: String(partner._id),
        commissionKey: 'construction',
        type: 'mentoring',
        quantity: 12,
        startDate: '2026-11-25',
        schoolIds: [],
        notes: '',
      },
      { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] },
      new Date('2026-11-25T15:00:00Z'),
    );
  },
});

const runDigest = () => tick(NOW, schedulerDeps(h().config, h().logger, { sources: [digestSource], owner: 'test' }));
const posted = async () => {
  const call = await h().fake.waitFor('chat.postMessage', (c) => c.args.channel === CHANNEL);
  return JSON.stringify([call.args.text, call.args.blocks]);
};

describe('digests in shared channels', () => {
  it('an unshared channel gets the partner lines', async () => {
    h().fake.addChannel({ id: CHANNEL, name: 'construction', members: [ADMIN] });
    await runDigest();
    expect(await posted()).toContain('Con Edison');
  });

  it('a Slack Connect channel (is_ext_shared) gets counts and totals, no partner name', async () => {
    h().fake.addChannel({ id: CHANNEL, name: 'construction', is_ext_shared: true });
    await runDigest();
    const shown = await posted();
    expect(shown).not.toContain('Con Edison');
    expect(shown).toContain('Commitments recorded that week: 1');
    expect(shown).toContain('/iec digest construction');
  });

  it('a channel with a partner contact in it counts as shared', async () => {
    h().fake.addChannel({ id: CHANNEL, name: 'construction', members: [ADMIN, CONTACT] });
    await runDigest();
    expect(await posted()).not.toContain('Con Edison');
  });

  it('fails closed: when conversations.info fails, the redacted digest is posted', async () => {
    h().fake.addChannel({ id: CHANNEL, name: 'construction', members: [ADMIN] });
    h().fake.fail('conversations.info', { error: 'internal_error' });
    await runDigest();
    const shown = await posted();
    expect(shown).not.toContain('Con Edison');
    expect(shown).toContain('partner names and figures are left out');
  });

  it('set-channel says when the channel is shared', async () => {
    h().fake.addChannel({ id: 'C0SHARED2', name: 'partners', is_ext_shared: true });
    const reply = await commandReply(h(), 'commission set-channel construction <#C0SHARED2|partners>', ADMIN);
    expect(reply.text).toContain('counts as shared outside the district');
    expect(reply.text).toContain('Slack Connect');
  });
});

describe('the fake Slack enforces the manifest’s scopes', () => {
  it('answers missing_scope for a method the manifest has no scope for', async () => {
    const client = new WebClient(TEST_BOT_TOKEN, { slackApiUrl: h().fake.apiUrl, retryConfig: { retries: 0 } });
    const res = await client.reactions
      .add({ channel: 'C0SHARED1', name: 'tada', timestamp: '1.1' })
      .catch((err: { data?: { error?: string } }) => err.data);
    expect(res?.error).toBe('missing_scope');
    // and the scopes the app needs are granted: conversations.info on a private channel needs groups:read
    h().fake.addChannel({ id: 'G0PRIVATE1', name: 'private', is_private: true });
    expect((await client.conversations.info({ channel: 'G0PRIVATE1' })).ok).toBe(true);
  });
});
