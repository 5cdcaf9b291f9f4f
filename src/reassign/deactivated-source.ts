import { deactivatedAmong, slackAdmins } from '../access';
import { leadsByUser } from '../commissions';
import { deliverablesOwnedBy, openDeliverableOwnerIds } from '../deliverables';
import { dateInIsoWeek, isoWeekKeyOfDate, localDatesInWindow, zonedDateTime } from '../domain/dates';
import { meetingOrganiserIds, meetingsOrganisedBy } from '../meetings';
import { partnerOwnerIds, partnersOwnedBy } from '../partners';
import type { NotificationSource, PlannedNotification, Rendered } from '../scheduler';
import { DEACTIVATED_OWNERS_KIND, deactivatedOwnersKey } from './ids';
import { deactivatedOwnersMessage, type DeactivatedOwner } from './views';

/**
 * Every Monday at 09:00 (the app's zone) each administrator gets a DM naming the people whose Slack account was
 * deactivated (users.info `deleted`) and who still own partners, open deliverables or coming meetings, or lead a
 * commission, with what and the `/iec reassign` to hand it over. Planned from the database (one per
 * administrator and week); the accounts are checked when it is sent, through the per-replica users.info cache,
 * and a week with nobody to flag is recorded as skipped.
 */

export const DEACTIVATED_NOTICE_TIME = '09:00';
/** Still worth sending up to two days late (after an outage). */
const CATCH_UP_MS = 2 * 24 * 3600_000;
/** People listed at most in one notice (the rest are counted). */
export const DEACTIVATED_LISTED = 20;

export const deactivatedOwnersSource: NotificationSource = {
  kind: DEACTIVATED_OWNERS_KIND,

  async plan(window, ctx) {
    const mondays = localDatesInWindow(window, ctx.timeZone).filter((d) => dateInIsoWeek(d, 1) === d);
    const slots = mondays
      .map((date) => ({ date, dueAt: zonedDateTime(date, DEACTIVATED_NOTICE_TIME, ctx.timeZone) }))
      .filter((s) => s.dueAt > window.from && s.dueAt <= window.to);
    if (slots.length === 0) return [];
    const admins = [...new Set([...(ctx.admins ?? []), ...(await slackAdmins())])];
    return slots.flatMap(({ date, dueAt }): PlannedNotification[] => {
      const week = isoWeekKeyOfDate(date);
      return admins.map((admin) => ({
        key: deactivatedOwnersKey(week, admin),
        kind: DEACTIVATED_OWNERS_KIND,
        dueAt,
        expiresAt: new Date(dueAt.getTime() + CATCH_UP_MS),
        recipient: { user: admin },
        about: `deactivated accounts that own work, week ${week}`,
        ref: { week },
      }));
    });
  },

  async render(n, ctx): Promise<Rendered> {
    if (!ctx.client) return { skip: 'no Slack client to check the accounts with' };
    const [partnerOwners, deliverableOwners, organisers, leads] = await Promise.all([
      partnerOwnerIds(),
      openDeliverableOwnerIds(),
      meetingOrganiserIds(ctx.now),
      leadsByUser(),
    ]);
    const deactivated = await deactivatedAmong(
      ctx.client,
      [...partnerOwners, ...deliverableOwners, ...organisers, ...leads.keys()],
      ctx.now,
    );
    if (deactivated.size === 0) return { skip: 'no deactivated account owns anything' };
    const people = [...deactivated].sort();
    const owners: DeactivatedOwner[] = [];
    for (const userId of people.slice(0, DEACTIVATED_LISTED)) {
      const [partners, deliverables, meetings] = await Promise.all([
        partnersOwnedBy(userId, {}),
        deliverablesOwnedBy(userId, {}),
        meetingsOrganisedBy(userId, {}, ctx.now),
      ]);
      owners.push({
        userId,
        partners: partners.total,
        deliverables: deliverables.total,
        meetings: meetings.total,
        leads: leads.get(userId) ?? [],
      });
    }
    return { message: deactivatedOwnersMessage(owners, people.length), recipient: n.recipient };
  },
};
