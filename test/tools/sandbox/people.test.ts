import { CommissionModel } from '../../../src/commissions/model';
import { PartnerModel } from '../../../src/partners/model';
import { resolveActor, isIec } from '../../../src/access/actor';
import { CONTACT_PARTNER, escapeMentions, LEAD_COMMISSION, personaFor, SANDBOX_CHANNELS, seedSandbox } from '../../../tools/sandbox/people';
import { connectTestDatabase, disconnectTestDatabase } from '../../support/db';

beforeAll(() => connectTestDatabase());
afterAll(() => disconnectTestDatabase());

describe('the sandbox seed', () => {
  it('gives every commission its channel, one lead and one registered partner contact, and changes nothing when run again', async () => {
    const now = new Date('2026-11-28T15:00:00Z');
    const first = await seedSandbox(now, 'America/New_York');
    const second = await seedSandbox(now, 'America/New_York');
    expect(second).toEqual(first);
    expect(first.commissions).toBe(8);

    const commissions = await CommissionModel.find().lean();
    expect(commissions.map((c) => c.channelId).sort()).toEqual(
      SANDBOX_CHANNELS.filter((c) => c.commissionKey)
        .map((c) => c.id)
        .sort(),
    );
    expect(commissions.find((c) => c.key === LEAD_COMMISSION)?.leads).toEqual([personaFor('lead').id]);

    const partner = await PartnerModel.findOne({ name: CONTACT_PARTNER }).lean();
    expect(partner?.contacts.filter((c) => c.slackUserId === personaFor('partner').id)).toHaveLength(1);
  });

  it('makes the people what the switcher says they are', async () => {
    const admins = [personaFor('admin').id];
    const [admin, lead, contact, guest] = await Promise.all(
      (['admin', 'lead', 'partner', 'none'] as const).map((r) => resolveActor(personaFor(r).id, admins)),
    );
    expect(admin.isAdmin).toBe(true);
    expect(lead.leads).toEqual([LEAD_COMMISSION]);
    expect(isIec(contact)).toBe(false);
    expect(contact.partnerIds).toHaveLength(1);
    expect(isIec(guest) || guest.partnerIds.length > 0).toBe(false);
  });
});

describe('mentions in slash commands', () => {
  it('escapes @handles and #channels the way Slack does for commands with should_escape', () => {
    const contact = personaFor('partner');
    expect(escapeMentions(`@${contact.handle} #iec-construction`)).toBe(
      `<@${contact.id}|${contact.handle}> <#C0SBCONSTRUCTION|iec-construction>`,
    );
    expect(escapeMentions('@nobody #nowhere a@b.c')).toBe('@nobody #nowhere a@b.c');
  });
});
