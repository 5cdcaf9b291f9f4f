import { CommissionModel } from '../commissions/model';
import { notFound } from '../errors';
import { findCommission } from '../commissions/service';

/** The commission look-ups deliverables and meetings need. */

export interface CommissionInfo {
  key: string;
  name: string;
  channelId?: string | null;
  timeZone?: string | null;
  meetingReminderOffsets: number[];
  leads: string[];
}

/** Active commissions, by key, for selects (Slack allows 100 options). */
export async function listActiveCommissions(limit = 100): Promise<CommissionInfo[]> {
  return CommissionModel.find({ active: true }, { key: 1, name: 1, channelId: 1, timeZone: 1, meetingReminderOffsets: 1, leads: 1 })
    .sort({ key: 1 })
    .limit(limit)
    .lean();
}

/** The commission with this key (or name), with what scheduling needs; not found → "did you mean". */
export async function requireCommission(input: string): Promise<CommissionInfo> {
  const { key } = await findCommission(input);
  const found = await CommissionModel.findOne({ key }).lean();
  if (!found) throw notFound(`The commission \`${key}\` was just removed.`);
  return found;
}

/** The time zone a commission's dates and times are in. */
export function commissionZone(commission: { timeZone?: string | null } | null | undefined, defaultZone: string): string {
  return commission?.timeZone || defaultZone;
}
