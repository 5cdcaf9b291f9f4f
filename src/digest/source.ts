import { loadSchoolCalendar } from '../calendar';
import { channelAudience } from '../access';
import { commissionZone, findCommissions, getCommission, isActiveCommission } from '../commissions';
import { renderCommissionChart } from '../reports';
import { sharedRead, type NotificationSource, type OutgoingMessage, type PlannedNotification, type Rendered } from '../scheduler';
import { DIGEST_KIND, digestKey } from './ids';
import { addWeeks, DEFAULT_DIGEST_SETTINGS, DIGEST_CATCH_UP_MS, digestSlot, weeksForWindow, type DigestSettings } from './schedule';
import { buildDigest } from './service';
import { digestBlocks, digestText } from './views';
import { localDate, addDays } from '../domain/dates';

/**
 * The weekly digest of every active commission, to its channel: `digest:<commission>:<ISO week>`, due at
 * the commission's digest day and time in its zone (moved past no-school days), still sent up to a day
 * late after an outage. A commission without a channel is skipped with a reason (seen in `/iec status`).
 */

function settingsOf(c: { digest?: Partial<DigestSettings> | null }): DigestSettings {
  return {
    weekday: c.digest?.weekday ?? DEFAULT_DIGEST_SETTINGS.weekday,
    hour: c.digest?.hour ?? DEFAULT_DIGEST_SETTINGS.hour,
    minute: c.digest?.minute ?? DEFAULT_DIGEST_SETTINGS.minute,
  };
}

/** Why a commission's digest was not sent: it names the commission as people do, the command to fix it by its key. */
export function noChannelReason(commission: { key: string; name: string }): string {
  return `${commission.name} has no channel for its digest: set one with /iec commission set-channel ${commission.key} #channel`;
}

export const digestSource: NotificationSource = {
  kind: DIGEST_KIND,

  async plan(window, ctx) {
    // the active ones of every commission, read once for all the sources of this planning run
    const commissions = (await sharedRead(ctx, findCommissions)).filter(isActiveCommission);
    if (commissions.length === 0) return [];
    // every zone is within a day of UTC; a moved digest is at most a week late
    const calendar = await loadSchoolCalendar(addDays(localDate(window.from, 'UTC'), -9));
    const planned: PlannedNotification[] = [];
    for (const c of commissions) {
      const zone = commissionZone(c, ctx.timeZone);
      for (const week of weeksForWindow(window, zone)) {
        const slot = digestSlot(week, settingsOf(c), zone, calendar);
        if (slot.dueAt <= window.from || slot.dueAt > window.to) continue;
        planned.push({
          key: digestKey(c.key, week),
          kind: DIGEST_KIND,
          dueAt: slot.dueAt,
          expiresAt: new Date(slot.dueAt.getTime() + DIGEST_CATCH_UP_MS),
          commissionKey: c.key,
          recipient: { channel: c.channelId ?? '' },
          about: `${c.name}, week ${week}`,
          ref: { commissionKey: c.key, week },
        });
      }
    }
    return planned;
  },

  async render(n, ctx): Promise<Rendered> {
    const key = String(n.ref.commissionKey);
    const week = String(n.ref.week);
    const c = await getCommission(key);
    if (!c) return { skip: `the commission (key ${key}) no longer exists` };
    if (c.active === false) return { skip: `${c.name} is inactive` };
    if (!c.channelId) return { skip: noChannelReason(c) };
    const zone = commissionZone(c, ctx.timeZone);
    const calendar = await loadSchoolCalendar(addDays(localDate(n.dueAt, zone), -7));
    const slot = digestSlot(week, settingsOf(c), zone, calendar);
    if (slot.skip) return { skip: slot.skip };
    const data = await buildDigest(key, ctx.now, ctx.timeZone, { week: addWeeks(week, -1) });
    // checked before every post; when the check fails, the digest goes out redacted (fail closed)
    const audience = ctx.client
      ? await channelAudience(ctx.client, c.channelId)
      : { shared: true as const, why: 'no Slack client to check with' };
    const message: OutgoingMessage = { text: digestText(data), blocks: digestBlocks(data, { redacted: audience.shared }) };
    try {
      const chart = await renderCommissionChart(key, data.schoolYear, ctx.now, ctx.timeZone);
      message.images = [{ filename: `${key}-${data.schoolYear}-${week}.png`, ...chart }];
    } catch (err) {
      // the digest matters more than its chart: send it without one
      ctx.logger?.warn(`digest ${key} ${week}: the chart could not be drawn: ${(err as Error).message}`);
    }
    return { message, recipient: { channel: c.channelId } };
  },
};
