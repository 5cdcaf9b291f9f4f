import type { FollowUpSubject } from '../../src/followups/service';
import { FollowUpActions } from '../../src/followups/ids';
import { answeredMessage, answerLine, buttonValue, followUpMessage, partlyModal, rescheduleModal } from '../../src/followups/views';
import { checkMessage, checkView } from '../support/fake-slack/limits';

const subject: FollowUpSubject = {
  commitmentId: '65a1b2c3d4e5f6a7b8c9d0e1',
  partnerId: '65a1b2c3d4e5f6a7b8c9d0e2',
  partnerName: 'Con Edison',
  commissionKey: 'construction',
  commissionName: 'Construction/Sustainability',
  type: 'internship_hosting',
  quantity: 10,
  unit: 'interns',
  fulfilledQuantity: 0,
  startDate: '2026-10-01',
  endDate: '2026-10-20',
  targetDate: '2026-10-20',
  status: 'pledged',
  askUserId: 'U0CONTACT',
  askedAs: 'contact',
  zone: 'America/New_York',
};

const huge: FollowUpSubject = {
  ...subject,
  partnerName: `<!channel> ${'N'.repeat(5000)}`,
  unit: 'u'.repeat(3000),
  commissionKey: 'k'.repeat(300),
  commissionName: `*${'C'.repeat(400)}*`,
};

describe('follow-up views', () => {
  it('asks with four answers carrying the commitment and date, within limits at any size', () => {
    const message = followUpMessage(subject);
    expect(checkMessage(message)).toEqual([]);
    // the commission as people call it, not its key
    expect(JSON.stringify(message.blocks)).toContain('Construction/Sustainability');
    expect(JSON.stringify(message.blocks)).not.toContain('construction');
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions && 'elements' in actions ? actions.elements.map((e) => ('action_id' in e ? e.action_id : '')) : []).toEqual(
      Object.values(FollowUpActions),
    );
    expect(JSON.stringify(message.blocks)).toContain(`"value":"${buttonValue(subject)}"`);
    expect(JSON.stringify(message.blocks)).toMatch(
      /<!date\^\d+\^\{date_short_pretty\}\|2026-10-01> – <!date\^\d+\^\{date_short_pretty\}\|2026-10-20>/,
    );
    const big = followUpMessage(huge);
    expect(checkMessage(big)).toEqual([]);
    expect(JSON.stringify(big.blocks)).not.toContain('<!channel>');
  });

  it('says who answered what, with no buttons left', () => {
    const after = { ...subject, status: 'partially_fulfilled' as const, fulfilledQuantity: 4 };
    const answered = answeredMessage(subject, { kind: 'partly', quantity: 4 }, after, 'U0CONTACT');
    expect(checkMessage(answered)).toEqual([]);
    expect(answered.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(answerLine({ kind: 'partly', quantity: 4 }, after, 'U1')).toBe(
      ':large_yellow_circle: <@U1> reported it partly happened: 4 of 10 interns.',
    );
    expect(answerLine({ kind: 'partly', quantity: 12 }, { ...subject, status: 'fulfilled' }, 'U1')).toContain(
      'that is all of it, recorded as fulfilled',
    );
    expect(answerLine({ kind: 'cancelled' }, subject, 'U1')).toBe(':x: <@U1> said it was cancelled: recorded as cancelled.');
    expect(checkMessage(answeredMessage(huge, { kind: 'fulfilled' }, { ...huge, fulfilledQuantity: 10 }, 'U1'))).toEqual([]);
  });

  it('builds the two modals within limits, carrying where the question is', () => {
    const meta = { commitmentId: subject.commitmentId, targetDate: subject.targetDate, channel: 'D0123', ts: '1700000000.000100' };
    for (const view of [
      partlyModal(subject, meta),
      rescheduleModal(subject, meta, '2026-10-21'),
      partlyModal(huge, meta),
      rescheduleModal(huge, meta, '2026-10-21'),
    ]) {
      expect(checkView(view)).toEqual([]);
      expect(JSON.parse(view.private_metadata ?? '')).toEqual(meta);
    }
  });
});
