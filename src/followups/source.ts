import { findCommissions } from '../commissions';
import { sharedRead, type NotificationSource, type Rendered } from '../scheduler';
import { formatQuantity } from '../slack/format';
import { FOLLOWUP_KIND, followUpKey } from './ids';
import { dueFollowUps, FOLLOWUP_CATCH_UP_MS, loadFollowUpSubject, staleReason } from './service';
import { followUpMessage } from './views';

/**
 * The fulfilment follow-up, by DM, the day after a commitment's target date (10:00 in its commission's zone),
 * once per commitment and date: `followup:<commitmentId>:<targetDate>`. Answered, cancelled or rescheduled
 * commitments are skipped with the reason when it is time to send.
 */
export const followUpSource: NotificationSource = {
  kind: FOLLOWUP_KIND,

  async plan(window, ctx) {
    // every commission, read once for all the sources of this planning run
    const due = await dueFollowUps(window, ctx.timeZone, () => sharedRead(ctx, findCommissions));
    return due.map(({ subject, dueAt }) => ({
      key: followUpKey(subject.commitmentId, subject.targetDate),
      kind: FOLLOWUP_KIND,
      dueAt,
      expiresAt: new Date(dueAt.getTime() + FOLLOWUP_CATCH_UP_MS),
      commissionKey: subject.commissionKey,
      recipient: { user: subject.askUserId },
      about: `${subject.partnerName}, ${formatQuantity(subject.type, subject.quantity, subject.unit)}`,
      ref: { commitmentId: subject.commitmentId, targetDate: subject.targetDate },
    }));
  },

  async render(n, ctx): Promise<Rendered> {
    const subject = await loadFollowUpSubject(String(n.ref.commitmentId), ctx.timeZone);
    if (!subject) return { skip: 'the commitment was removed' };
    const stale = staleReason(subject, String(n.ref.targetDate));
    if (stale) return { skip: stale };
    return { message: followUpMessage(subject), recipient: { user: subject.askUserId } };
  },
};
