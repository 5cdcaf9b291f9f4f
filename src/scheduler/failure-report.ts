import { leadsOf } from '../commissions';
import type { NotificationSource, PlannedNotification, Recipient } from './types';
import { failureReportMessage } from './views';

/**
 * The DM that tells a commission's leads (or, without leads, the administrators) that a notification failed
 * for good. It is a notification itself, keyed `failure:<failed key>:<lead>`, so each lead hears it once even
 * when several replicas see the failure. It is never planned: the scheduler creates it when a delivery fails.
 */
export const FAILURE_REPORT_KIND = 'delivery-failure';

export function failureReportKey(failedKey: string, userId: string): string {
  return `failure:${failedKey}:${userId}`;
}

/** Who hears about a failure of a notification of `commissionKey`. */
export async function failureReportRecipients(commissionKey: string | undefined, admins: readonly string[]): Promise<string[]> {
  if (commissionKey) {
    const leads = await leadsOf(commissionKey);
    if (leads.length > 0) return [...new Set(leads)];
  }
  return [...new Set(admins)];
}

export function describeRecipient(recipient: Recipient | { channel?: string | null; user?: string | null }): string {
  if ('channel' in recipient && recipient.channel) return `<#${recipient.channel}>`;
  if ('user' in recipient && recipient.user) return `<@${recipient.user}>`;
  return 'nobody';
}

export const failureReportSource: NotificationSource = {
  kind: FAILURE_REPORT_KIND,
  async plan() {
    return [];
  },
  async render(n: PlannedNotification, ctx) {
    return {
      message: failureReportMessage({
        failedKind: String(n.ref.failedKind ?? 'notification'),
        target: String(n.ref.target ?? 'its recipient'),
        reason: String(n.ref.reason ?? 'unknown'),
        dueAt: new Date(Number(n.ref.dueAtMs ?? n.dueAt.getTime())),
        timeZone: ctx.timeZone,
      }),
    };
  },
};
