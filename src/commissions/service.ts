import { type ChangeBy, recordAudit } from '../audit';
import { type Actor, can, canManageCommission, recordLeads, requireCommissionManager, requireCommissionViewer } from '../access';
import { commitmentTotals } from '../commitments';
import { COMMITMENT_TYPES, type CommitmentType } from '../domain/commitments';
import { invalidInput, notFound } from '../errors';
import { escapeMrkdwn, nearest } from '../slack/text';
import { CommissionModel } from './model';

export interface CommissionSummary {
  key: string;
  name: string;
  channelId?: string;
  leads: string[];
  active: boolean;
  /** Its own time zone, when it has one (else the app's). */
  timeZone?: string;
}

export interface CommissionTarget {
  type: CommitmentType;
  target?: number;
  /** Quantity pledged this school year (every status but cancelled). */
  pledged: number;
  /** Quantity fulfilled this school year. */
  fulfilled: number;
  /** How many commitments (not cancelled). */
  commitments: number;
}

export interface CommissionDetail extends CommissionSummary {
  schoolYear: string;
  /** One row per type that has a target or any commitment this year, in the vocabulary's order. */
  progress: CommissionTarget[];
}

function toSummary(c: {
  key: string;
  name: string;
  channelId?: string | null;
  leads?: string[];
  active?: boolean | null;
  timeZone?: string | null;
}): CommissionSummary {
  return {
    key: c.key,
    name: c.name,
    ...(c.channelId ? { channelId: c.channelId } : {}),
    leads: c.leads ?? [],
    active: isActiveCommission(c),
    ...(c.timeZone ? { timeZone: c.timeZone } : {}),
  };
}

/**
 * The one definition of an active commission: not switched off. A commission stored without the field is active,
 * as the schema's default says.
 */
const ACTIVE_COMMISSION = { active: { $ne: false } } as const;
/** The same definition for a commission already read (a planning run's shared read of every commission). */
export function isActiveCommission(c: { active?: boolean | null }): boolean {
  return c.active !== false;
}

/** One commission as stored (targets, schedule settings and all), or null: for other features, instead of the model. */
export async function getCommission(key: string) {
  return CommissionModel.findOne({ key }).lean();
}

/** Whether a commission with this key exists (active or not). */
export async function commissionExists(key: string): Promise<boolean> {
  return (await CommissionModel.exists({ key })) !== null;
}

export interface CommissionQuery {
  /** Only these keys. */
  keys?: readonly string[];
  /** Only active commissions (the one definition above). */
  activeOnly?: boolean;
  /** Sorted by key or by name; stored order when absent. */
  sort?: 'key' | 'name';
  limit?: number;
}

/** Commissions as stored: for other features' schedules, digests, reports and Home, instead of the model. */
export async function findCommissions(query: CommissionQuery = {}) {
  const filter = {
    ...(query.keys ? { key: { $in: [...query.keys] } } : {}),
    ...(query.activeOnly ? ACTIVE_COMMISSION : {}),
  };
  let found = CommissionModel.find(filter);
  if (query.sort) found = found.sort({ [query.sort]: 1 });
  if (query.limit !== undefined) found = found.limit(query.limit);
  return found.lean();
}

/** The keys of the active commissions, in key order. */
export async function activeCommissionKeys(): Promise<string[]> {
  return (await CommissionModel.find(ACTIVE_COMMISSION, { key: 1 }).sort({ key: 1 }).lean()).map((c) => c.key);
}

/** The leads of a commission ([] when it has none or does not exist). */
export async function leadsOf(key: string): Promise<string[]> {
  return (await CommissionModel.findOne({ key }, { leads: 1 }).lean())?.leads ?? [];
}

/** Time zones by commission key (`defaultZone` where a commission has none), for all or these commissions. */
export async function commissionZones(defaultZone: string, keys?: readonly string[]): Promise<Map<string, string>> {
  const rows = await CommissionModel.find(keys ? { key: { $in: [...new Set(keys)] } } : {}, { key: 1, timeZone: 1 }).lean();
  return new Map(rows.map((c) => [c.key, commissionZone(c, defaultZone)]));
}

export async function listCommissions(): Promise<CommissionSummary[]> {
  const rows = await CommissionModel.find({}).sort({ name: 1 }).limit(200).lean();
  return rows.map(toSummary);
}

/**
 * The commission with this key, matched case-insensitively (also by its name, e.g. "Healthcare").
 * An unknown key gets a "did you mean" answer listing the keys.
 */
export async function findCommission(input: string): Promise<CommissionSummary> {
  const key = input.trim().toLowerCase();
  const all = await CommissionModel.find({}, { key: 1, name: 1, channelId: 1, leads: 1, active: 1 }).limit(200).lean();
  const exact = all.find((c) => c.key === key || c.name.toLowerCase() === key);
  if (exact) return toSummary(exact);
  if (all.length === 0) throw notFound('There are no commissions yet. An administrator can create them with `npm run seed`.');
  const guess = nearest(key, [...all.map((c) => c.key), ...all.map((c) => c.name)]);
  const guessed = guess ? all.find((c) => c.key === guess || c.name === guess) : undefined;
  const keys = all.map((c) => `\`${c.key}\``).join(', ');
  const shown = escapeMrkdwn(input.slice(0, 40));
  throw notFound(
    guessed
      ? `I don't know the commission \`${shown}\`. Did you mean \`${guessed.key}\` (${escapeMrkdwn(guessed.name)})?`
      : `I don't know the commission \`${shown}\`. The commissions are ${keys}.`,
  );
}

/** The active commission whose channel `channelId` is, if any (digests and reminders go there). */
export async function commissionOfChannel(channelId: string | undefined): Promise<CommissionSummary | undefined> {
  if (!channelId) return undefined;
  const found = await CommissionModel.findOne(
    { channelId, ...ACTIVE_COMMISSION },
    { key: 1, name: 1, channelId: 1, leads: 1, active: 1 },
  ).lean();
  return found ? toSummary(found) : undefined;
}

/** The commission a command is about: the one named, else the one of the channel it was typed in. */
export interface ChosenCommission extends CommissionSummary {
  /** True when it was not named but taken from the channel (the answer says so). */
  fromChannel: boolean;
}

export async function chooseCommission(named: string | undefined, channelId: string | undefined): Promise<ChosenCommission | undefined> {
  if (named) return { ...(await findCommission(named)), fromChannel: false };
  const ofChannel = await commissionOfChannel(channelId);
  return ofChannel ? { ...ofChannel, fromChannel: true } : undefined;
}

/** Commission names by key, for everything people read (keys stay what they type). */
export async function commissionNames(): Promise<Map<string, string>> {
  const rows = await CommissionModel.find({}, { key: 1, name: 1 }).limit(200).lean();
  return new Map(rows.map((c) => [c.key, c.name]));
}

/** A record's commission as people read it: its key and name (the key if it is gone). */
export async function commissionRef(key: string): Promise<{ key: string; name: string }> {
  const found = await CommissionModel.findOne({ key }, { name: 1 }).lean();
  return { key, name: found?.name ?? key };
}

/** Refuses unless `actor` may manage the commission `key` (a record's); the refusal names the commission. */
export async function requireManagerOf(actor: Actor, key: string): Promise<void> {
  if (!canManageCommission(actor, key)) requireCommissionManager(actor, await commissionRef(key));
}

/** Refuses unless `actor` may see the commission `key` (a record's); the refusal names the commission. */
export async function requireViewerOf(actor: Actor, key: string): Promise<void> {
  if (!can(actor, 'commission.view', { commissionKey: key })) requireCommissionViewer(actor, await commissionRef(key));
}

/** A deliverable's owner may act on it; otherwise its commission's leads (the refusal names the commission). */
export async function requireDeliverableAccessOf(actor: Actor, key: string, ownerId: string): Promise<void> {
  if (actor.userId !== ownerId) await requireManagerOf(actor, key);
}

/** What deliverables, meetings and their schedules need of a commission. */
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
  return CommissionModel.find(ACTIVE_COMMISSION, { key: 1, name: 1, channelId: 1, timeZone: 1, meetingReminderOffsets: 1, leads: 1 })
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

/**
 * A commission's targets for one school year, by type. A target stored before targets had a year counts as the
 * current school year's (`currentYear`): that is what `set-target` said it was.
 */
export function targetsForYear(
  targets: ReadonlyArray<{ type: string; quantity: number; schoolYear?: string | null }> | null | undefined,
  schoolYear: string,
  currentYear: string,
): Map<CommitmentType, number> {
  const out = new Map<CommitmentType, number>();
  for (const t of targets ?? []) {
    const year = t.schoolYear ?? currentYear;
    if (year === schoolYear) out.set(t.type as CommitmentType, t.quantity);
  }
  return out;
}

/** The commission with this school year's pledged and fulfilled quantities per type, next to its targets. */
export async function commissionDetail(input: string, schoolYear: string): Promise<CommissionDetail> {
  const summary = await findCommission(input);
  const commission = await CommissionModel.findOne({ key: summary.key }, { targets: 1 }).lean();
  const { byType } = await commitmentTotals({ commissionKey: summary.key, schoolYear });
  const targets = targetsForYear(commission?.targets, schoolYear, schoolYear);
  const progress: CommissionTarget[] = [];
  for (const type of COMMITMENT_TYPES) {
    const totals = byType.find((t) => t.type === type);
    const row: CommissionTarget = {
      type,
      ...(targets.has(type) ? { target: targets.get(type) } : {}),
      pledged: totals?.pledged ?? 0,
      fulfilled: totals?.fulfilled ?? 0,
      commitments: totals?.commitments ?? 0,
    };
    if (row.target !== undefined || row.commitments > 0) progress.push(row);
  }
  return { ...summary, schoolYear, progress };
}

export async function setCommissionChannel(key: string, channelId: string, change: ChangeBy): Promise<void> {
  const before = await CommissionModel.findOneAndUpdate({ key }, { $set: { channelId } }, { new: false }).lean();
  if (before && before.channelId !== channelId) {
    await recordAudit({
      ...change,
      action: 'commission.channel',
      subject: before.name,
      commissionKey: key,
      changes: [{ field: 'channel', from: before.channelId ?? null, to: channelId }],
    });
  }
}

export const TARGET_MAX = 10_000_000;

/**
 * Sets the target for one type in `schoolYear` (the current one: a target set before targets had a year is that
 * year's, and is replaced); 0 removes it. Other years' targets stay.
 */
export async function setCommissionTarget(
  key: string,
  type: CommitmentType,
  quantity: number,
  change: ChangeBy,
  schoolYear: string,
): Promise<void> {
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > TARGET_MAX) {
    throw invalidInput(`A target is a whole number from 0 to ${TARGET_MAX.toLocaleString('en-US')} (0 removes it).`);
  }
  const before = await CommissionModel.findOneAndUpdate(
    { key },
    { $pull: { targets: { type, schoolYear: { $in: [schoolYear, null] } } } },
    { new: false },
  ).lean();
  if (quantity > 0) await CommissionModel.updateOne({ key }, { $push: { targets: { type, quantity, schoolYear } } });
  const from = targetsForYear(before?.targets, schoolYear, schoolYear).get(type) ?? 0;
  if (before && from !== quantity) {
    await recordAudit({
      ...change,
      action: 'commission.target',
      subject: before.name,
      commissionKey: key,
      changes: [{ field: `target ${type}`, from, to: quantity }],
    });
  }
}

/** Adds or removes a lead; returns false when nothing changed (already a lead / not a lead). */
export async function changeCommissionLead(key: string, userId: string, change: 'add' | 'remove', by: ChangeBy): Promise<boolean> {
  const before =
    change === 'add'
      ? await CommissionModel.findOneAndUpdate({ key, leads: { $ne: userId } }, { $push: { leads: userId } }, { new: false }).lean()
      : await CommissionModel.findOneAndUpdate({ key, leads: userId }, { $pull: { leads: userId } }, { new: false }).lean();
  // the people index (how the acting person is resolved) follows, also when this is a repeat
  await recordLeads(userId, await commissionsLedBy(userId));
  if (!before) return false;
  await recordAudit({
    ...by,
    action: `commission.lead.${change}`,
    subject: before.name,
    commissionKey: key,
    people: [userId],
    changes: [{ field: 'lead', from: change === 'add' ? null : userId, to: change === 'add' ? userId : null }],
  });
  return true;
}

/** The keys of the commissions `userId` leads. */
export async function commissionsLedBy(userId: string): Promise<string[]> {
  return (await CommissionModel.find({ leads: userId }, { key: 1 }).lean()).map((c) => c.key);
}

/** Every lead with the commissions they lead: the facts the people index is rebuilt from. */
export async function leadsByUser(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const c of await CommissionModel.find({ 'leads.0': { $exists: true } }, { key: 1, leads: 1 }).lean()) {
    for (const lead of c.leads) out.set(lead, [...(out.get(lead) ?? []), c.key]);
  }
  return out;
}

/** Creates the commission when there is none with its key, and sets its name; true when it was created. */
export async function upsertCommission(c: { key: string; name: string }): Promise<boolean> {
  const result = await CommissionModel.updateOne(
    { key: c.key },
    { $set: { name: c.name }, $setOnInsert: { key: c.key } },
    { upsert: true },
  );
  return result.upsertedCount > 0;
}

/** How many commissions there are (active or not). */
export async function countCommissions(): Promise<number> {
  return CommissionModel.countDocuments();
}
