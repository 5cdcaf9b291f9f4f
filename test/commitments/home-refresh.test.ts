import { ACTION, BLOCK } from '../../src/commitments/ids';
import { PartnerModel } from '../../src/partners/model';
import type { FakeSlackCall } from '../support/fake-slack';
import { events } from '../support/slack-requests';
import { useHarness } from '../support/harness';
import { CONTACT, LEAD, seedBasics, type Seeded } from './fixtures';
import { viewOf } from '../support/views';
import { isSaving } from '../support/forms';

const NOW = new Date('2026-09-15T14:00:00Z');
/** A second Slack contact of Con Edison, who looks at the Home tab. */
const SECOND_CONTACT = 'UCONTACT02';

/** Recording a commitment through `/commit`, or asking a contact for one, keeps the Home tabs of the people concerned current. */
describe('Home tabs after /commit and /iec request', () => {
  let seeded: Seeded;

  const h = useHarness({
    now: NOW,
    seed: async () => {
      seeded = await seedBasics();
      await PartnerModel.updateOne({ _id: seeded.conEd }, { $push: { contacts: { name: 'Sam Roe', slackUserId: SECOND_CONTACT } } });
    },
  });

  const publishesTo = (userId: string) =>
    h()
      .fake.callsTo('views.publish')
      .filter((c) => c.args.user_id === userId);
  const homeJson = (userId: string) => JSON.stringify(h().fake.homeView(userId)?.blocks ?? []);

  async function openHome(userId: string): Promise<void> {
    await h().slack.event(events.appHomeOpened(userId));
    await h().fake.waitFor('views.publish', (c) => c.args.user_id === userId, 15_000);
  }

  it("publishes the recording IEC's Home tab with the new commitment; a contact who never opened theirs gets none", async () => {
    await openHome(LEAD);
    await openHome(SECOND_CONTACT);
    expect(homeJson(LEAD)).toContain('Nothing pledged yet this school year');

    await h().slack.command('/commit', 'con edison', { userId: LEAD });
    const opened = await h().fake.waitFor('views.open', () => true, 15_000);
    const res = await h().slack.viewSubmission({
      userId: LEAD,
      view: { id: viewOf(opened).id },
      values: {
        [BLOCK.partner]: { [ACTION.partner]: String(seeded.conEd) },
        [BLOCK.commission]: { [ACTION.commission]: 'construction' },
        [BLOCK.type]: { [ACTION.type]: 'internship_hosting' },
        [BLOCK.quantity]: { [ACTION.quantity]: '5' },
        [BLOCK.startDate]: { [ACTION.startDate]: '2026-10-01' },
      },
    });
    // the form helper answers at once ("Saving…"), and the save follows
    expect(isSaving(res.json)).toBe(true);

    const refreshed = await h().fake.waitFor('views.publish', () => publishesTo(LEAD).length >= 2, 10_000);
    expect(JSON.stringify(refreshed.args.view)).toContain('*Internship hosting*: 5 pledged');
    // contacts are refreshed in their order on the partner: once the second is published, the first was passed over
    await h().fake.waitFor('views.publish', () => publishesTo(SECOND_CONTACT).length >= 2, 10_000);
    expect(homeJson(SECOND_CONTACT)).toContain('Internship hosting: 5 interns');
    expect(publishesTo(CONTACT)).toEqual([]);
    // the confirmation DM still went out
    expect(
      h()
        .fake.callsTo('chat.postMessage')
        .some((c: FakeSlackCall) => c.args.channel === h().fake.dmChannelFor(LEAD)),
    ).toBe(true);
  });

  it("a request sent refreshes the asked contact's Home tab with it", async () => {
    await openHome(CONTACT);
    expect(homeJson(CONTACT)).not.toContain('Open requests');
    await h().slack.command('/iec', `request <@${CONTACT}> construction`, { userId: LEAD });
    await h().fake.waitFor('views.publish', () => publishesTo(CONTACT).length >= 2, 10_000);
    expect(homeJson(CONTACT)).toContain('*Open requests from our coordinators* (1)');
    expect(homeJson(CONTACT)).toContain(ACTION.openRequest);
  });
});
