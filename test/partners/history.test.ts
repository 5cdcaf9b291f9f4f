import { CommissionModel } from '../../src/commissions/model';
import { CORRECTION_ACTION } from '../../src/corrections/ids';
import { PARTNER_ACTION, PARTNER_CARD_BLOCK, PARTNER_HISTORY_CALLBACK } from '../../src/partners/ids';
import { PartnerModel } from '../../src/partners/model';
import { addPartnerContact, createPartner, updatePartner } from '../../src/partners/service';
import { checkMessage, checkView } from '../support/fake-slack';
import { useHarness } from '../support/harness';

/**
 * A partner's card (`/iec partner show`) carries History (for whoever may see the partner) and Archive (for those
 * who may archive); History opens the partner's own changes — contacts, status, owner — newest first.
 */

const LEAD = 'ULEAD0001';
const CONTACT = 'UCONTACT1';
const STRANGER = 'USTRANGE1';
const NOW = new Date('2026-03-02T15:00:00Z');

let partnerId = '';
const h = useHarness({
  now: NOW,
  seed: async () => {
    await CommissionModel.create({ key: 'healthcare', name: 'Healthcare', leads: [LEAD] });
    const base = { name: 'Montefiore Medical Center', commissions: ['healthcare'], status: 'prospect' as const, notes: '', contacts: [] };
    const { partner } = await createPartner(base, LEAD, new Date('2026-03-01T10:00:00Z'));
    partnerId = partner.id;
    await addPartnerContact(
      partnerId,
      { name: 'Ana Ruiz', email: 'Ana@Montefiore.org', slackUserId: CONTACT },
      new Date('2026-03-01T11:00:00Z'),
      LEAD,
    );
    const current = await PartnerModel.findById(partnerId).lean();
    await updatePartner(
      partnerId,
      {
        ...base,
        status: 'active',
        ownerId: LEAD,
        contacts: (current?.contacts ?? []).map((c) => ({
          name: c.name,
          email: c.email ?? undefined,
          slackUserId: c.slackUserId ?? undefined,
        })),
      },
      new Date('2026-03-01T12:00:00Z'),
      { by: LEAD },
    );
  },
});

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string }> };
type View = { id: string; callback_id?: string; blocks: Block[] };
const texts = (v: View) => v.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');

async function card(userId: string): Promise<Block[]> {
  await h().slack.command('/iec', userId === CONTACT ? 'partner show' : 'partner show Montefiore Medical Center', { userId });
  const reply = await h().fake.waitForNext('response_url');
  expect(checkMessage(reply.args)).toEqual([]);
  return reply.args.blocks as Block[];
}
const cardButtons = (blocks: Block[]) => blocks.find((b) => b.block_id === PARTNER_CARD_BLOCK)?.elements ?? [];

it('History on the card shows the partner’s changes, newest first; Archive is there for a lead', async () => {
  const buttons = cardButtons(await card(LEAD));
  expect(buttons.map((b) => b.action_id)).toEqual([PARTNER_ACTION.history, CORRECTION_ACTION.archive]);
  await h().slack.blockAction({
    userId: LEAD,
    ephemeral: true,
    actionId: PARTNER_ACTION.history,
    blockId: PARTNER_CARD_BLOCK,
    value: buttons[0].value,
  });
  const opened = await h().fake.waitForNext('views.open');
  expect(opened.ok).toBe(true);
  const view = opened.response?.view as View;
  expect(checkView(view)).toEqual([]);
  expect(view.callback_id).toBe(PARTNER_HISTORY_CALLBACK);
  const [subject, edited, contact, created] = texts(view);
  expect(subject).toBe('*Montefiore Medical Center*');
  expect(edited).toContain(`<@${LEAD}> · edited`);
  expect(edited).toContain('• status: Prospect → Active');
  expect(edited).toContain(`• owner: <@${LEAD}>`);
  expect(contact).toContain('contact added');
  expect(contact).toContain('• contacts: — → Ana Ruiz (ana@montefiore.org)');
  expect(created).toContain('created');
  expect(created).toContain('• name: Montefiore Medical Center');

  // Archive (Slack asks first) archives it through the corrections feature, and says how to restore
  await h().slack.blockAction({
    userId: LEAD,
    ephemeral: true,
    actionId: CORRECTION_ACTION.archive,
    blockId: PARTNER_CARD_BLOCK,
    value: buttons[1].value,
  });
  const archived = await h().fake.waitForNext('response_url');
  expect(JSON.stringify(archived.args)).toContain('Archived *Montefiore Medical Center*');
  expect((await PartnerModel.findById(partnerId).lean())?.archivedBy).toBe(LEAD);
});

it('a contact of the partner sees its History but no Archive; someone else is refused its history', async () => {
  const buttons = cardButtons(await card(CONTACT));
  expect(buttons.map((b) => b.action_id)).toEqual([PARTNER_ACTION.history]);
  await h().slack.blockAction({
    userId: CONTACT,
    ephemeral: true,
    actionId: PARTNER_ACTION.history,
    blockId: PARTNER_CARD_BLOCK,
    value: buttons[0].value,
  });
  expect((await h().fake.waitForNext('views.open')).ok).toBe(true);

  await h().slack.blockAction({
    userId: STRANGER,
    ephemeral: true,
    actionId: PARTNER_ACTION.history,
    blockId: PARTNER_CARD_BLOCK,
    value: partnerId,
  });
  const refused = await h().fake.waitForNext('response_url');
  expect(JSON.stringify(refused.args)).toMatch(/Sorry/);
  expect(JSON.stringify(refused.args)).not.toContain('newest first');
});
