import { Types } from 'mongoose';
import { lastChanges, type LastChange } from '../db/history';
import { can, requireAllowed, type Actor } from '../access';
import type { ProgramChoice } from '../commitments';
import { conflict, forbidden, invalidInput, notFound } from '../errors';
import { requireSchoolNamed } from '../schools';
import { commissionRef, requireCommission } from '../commissions';
import { escapeMrkdwn } from '../slack/text';
import { PROGRAM_STAGES, ProgramModel, ReadinessRulesModel, type Program, type ProgramStage } from './model';
import { DEFAULT_RULES, type ReadinessRules } from './readiness';
import { normalizeName } from '../domain/names';

/** Programs of study: one write path (add, change), each checked against the permission module. */

export type ProgramRecord = Program & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };

export const STAGE_LABELS: Record<ProgramStage, string> = {
  development: 'In development',
  self_study: 'Self-study',
  review_scheduled: 'External review scheduled',
  approved: 'Approved',
  lapsed: 'Lapsed',
};

export const PROGRAM_NAME_MAX = 120;

export interface ProgramContactInput {
  slackUserId?: string;
  name?: string;
  email?: string;
}

/** What a person gives for a program: the school as typed (name or district code), dates `YYYY-MM-DD`. */
export interface ProgramInput {
  school: string;
  name: string;
  commissionKey: string;
  stage: ProgramStage;
  reviewDate?: string;
  approvedDate?: string;
  renewalDate?: string;
  contacts: ProgramContactInput[];
}

/** `Automotive Technology at Clara Barton High School`. */
export const programLabel = (p: Pick<ProgramRecord, 'name' | 'schoolName'>): string => `${p.name} at ${p.schoolName}`;

/**
 * The date rules of a stage, checked before anything is written; errors name the form's fields. `today` is the
 * commission's local date.
 */
export function checkStageDates(input: Pick<ProgramInput, 'stage' | 'reviewDate' | 'approvedDate' | 'renewalDate'>, today: string): void {
  const { stage, reviewDate, approvedDate, renewalDate } = input;
  if (stage === 'review_scheduled') {
    if (!reviewDate)
      throw invalidInput('Give the date of the external review.', { reviewDate: 'A scheduled external review needs its date.' });
    if (reviewDate < today) {
      const message = `The external review date ${reviewDate} is in the past (today is ${today}). Give the date it is scheduled for, or choose another stage.`;
      throw invalidInput(message, { reviewDate: message });
    }
  }
  if (stage === 'approved') {
    if (!approvedDate)
      throw invalidInput('Give the date it was approved.', { approvedDate: 'An approved program needs its approval date.' });
    if (approvedDate > today) {
      const message = `The approval date ${approvedDate} is in the future: a program is approved once the State has decided.`;
      throw invalidInput(message, { approvedDate: message });
    }
    if (!renewalDate)
      throw invalidInput('Give the renewal date.', { renewalDate: 'An approved program needs the date its approval must be renewed.' });
  }
  if (approvedDate && renewalDate && renewalDate <= approvedDate) {
    const message = `The renewal date ${renewalDate} is not after the approval date ${approvedDate}.`;
    throw invalidInput(message, { renewalDate: message });
  }
}

function stageFields(input: ProgramInput) {
  return {
    stage: input.stage,
    reviewDate: input.stage === 'review_scheduled' ? input.reviewDate : undefined,
    approvedDate: input.stage === 'approved' || input.stage === 'lapsed' ? input.approvedDate : undefined,
    renewalDate: input.stage === 'approved' || input.stage === 'lapsed' ? input.renewalDate : undefined,
  };
}

const cleanContacts = (contacts: readonly ProgramContactInput[]) =>
  contacts
    .filter((c) => c.slackUserId || c.name || c.email)
    .slice(0, 20)
    .map((c) => ({
      ...(c.slackUserId ? { slackUserId: c.slackUserId } : {}),
      name: c.name?.trim() ?? '',
      email: c.email?.trim().toLowerCase() ?? '',
    }));

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;

function duplicate(existing: Pick<ProgramRecord, 'name' | 'schoolName'>): Error {
  const message = `${existing.schoolName} already has the program "${existing.name}".`;
  return invalidInput(message, { name: message });
}

const refusal = (commissionName: string) =>
  `:lock: Sorry, only the leads of *${escapeMrkdwn(commissionName)}* and iec-bot administrators can add or change its programs of study.`;

/**
 * Adds a program (leads of its commission, administrators). Unknown school or commission, a duplicate, or dates that
 * do not fit the stage are refused and nothing is written. `sourceKey` makes a redelivered submission record once.
 */
export async function addProgram(
  actor: Actor,
  input: ProgramInput,
  today: string,
  now: Date,
  sourceKey?: string,
): Promise<{ program: ProgramRecord; created: boolean }> {
  if (sourceKey) {
    const earlier = await ProgramModel.findOne({ sourceKey: String(sourceKey) }).lean<ProgramRecord>();
    if (earlier) return { program: earlier, created: false };
  }
  const commission = await requireCommission(input.commissionKey);
  requireAllowed(actor, 'program.manage', { commissionKey: commission.key }, refusal(commission.name));
  const name = input.name.trim();
  if (!name) throw invalidInput('Name the program, e.g. Automotive Technology.', { name: 'Name the program, e.g. Automotive Technology.' });
  checkStageDates(input, today);
  const school = await requireSchoolNamed(input.school);
  const nameKey = normalizeName(name);
  const existing = await ProgramModel.findOne({ schoolId: school.id, nameKey }).lean<ProgramRecord>();
  if (existing) throw duplicate(existing);
  const stage = Object.fromEntries(Object.entries(stageFields(input)).filter(([, v]) => v !== undefined));
  try {
    const doc = await ProgramModel.create({
      schoolId: school.id,
      schoolName: school.name,
      ...(school.code ? { schoolCode: school.code } : {}),
      name,
      nameKey,
      commissionKey: commission.key,
      ...stage,
      contacts: cleanContacts(input.contacts),
      createdBy: actor.userId,
      ...(sourceKey ? { sourceKey } : {}),
      history: [{ at: now, by: actor.userId, change: `added (${STAGE_LABELS[input.stage]})` }],
    });
    return { program: doc.toObject() as ProgramRecord, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    if (sourceKey) {
      const earlier = await ProgramModel.findOne({ sourceKey }).lean<ProgramRecord>();
      if (earlier) return { program: earlier, created: false };
    }
    throw duplicate({ name, schoolName: school.name });
  }
}

function describe(before: ProgramRecord, after: ReturnType<typeof stageFields> & { name: string; commissionKey: string }): string {
  const out: string[] = [];
  if (before.name !== after.name) out.push(`name ${before.name} → ${after.name}`);
  if (before.commissionKey !== after.commissionKey) out.push(`commission ${before.commissionKey} → ${after.commissionKey}`);
  if (before.stage !== after.stage) out.push(`stage ${before.stage} → ${after.stage}`);
  for (const f of ['reviewDate', 'approvedDate', 'renewalDate'] as const)
    if ((before[f] ?? '') !== (after[f] ?? '')) out.push(`${f} ${before[f] ?? '—'} → ${after[f] ?? '—'}`);
  return out.join(', ') || 'contacts';
}

/** Changes a program (same checks as adding). `expectedRevision` is what the person saw: a change made meanwhile is not overwritten. */
export async function updateProgram(
  actor: Actor,
  id: string,
  input: ProgramInput,
  expectedRevision: number,
  today: string,
  now: Date,
): Promise<ProgramRecord> {
  const before = await getProgram(id);
  if (!can(actor, 'program.manage', { commissionKey: before.commissionKey })) {
    throw forbidden(refusal((await commissionRef(before.commissionKey)).name));
  }
  const commission = await requireCommission(input.commissionKey);
  requireAllowed(actor, 'program.manage', { commissionKey: commission.key }, refusal(commission.name));
  checkStageDates(input, today);
  const name = input.name.trim();
  const nameKey = normalizeName(name);
  const clash = await ProgramModel.findOne({ schoolId: before.schoolId, nameKey, _id: { $ne: before._id } }).lean<ProgramRecord>();
  if (clash) throw duplicate(clash);
  const stage = stageFields(input);
  const set = Object.fromEntries(
    Object.entries({ ...stage, name, nameKey, commissionKey: commission.key }).filter(([, v]) => v !== undefined),
  );
  const unset: Record<string, 1> = Object.fromEntries(
    Object.entries(stage)
      .filter(([, v]) => v === undefined)
      .map(([k]) => [k, 1]),
  );
  // lapsed by iec-bot no more once a person sets another stage
  if (stage.stage !== 'lapsed') unset.lapsedAt = 1;
  const updated = await ProgramModel.findOneAndUpdate(
    { _id: before._id, revision: expectedRevision },
    {
      $set: { ...set, contacts: cleanContacts(input.contacts) },
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
      $inc: { revision: 1 },
      $push: { history: { at: now, by: actor.userId, change: describe(before, { ...stage, name, commissionKey: commission.key }) } },
    },
    { new: true },
  ).lean<ProgramRecord>();
  if (!updated) throw conflict('Someone else changed this program meanwhile. Open it again with `/iec program show` and retry.');
  return updated;
}

export async function getProgram(id: string): Promise<ProgramRecord> {
  const found = Types.ObjectId.isValid(id) ? await ProgramModel.findById(id).lean<ProgramRecord>() : null;
  if (!found) throw notFound('That program of study no longer exists. `/iec programs` lists them.');
  return found;
}

/** The program `<program>` of the school `<school>` (name or district code); unknown ones get a specific answer. */
export async function findProgram(schoolText: string, programText: string): Promise<ProgramRecord> {
  const school = await requireSchoolNamed(schoolText);
  const key = normalizeName(programText);
  const ofSchool = await ProgramModel.find({ schoolId: school.id }).sort({ nameKey: 1 }).limit(100).lean<ProgramRecord[]>();
  const exact = ofSchool.find((p) => p.nameKey === key) ?? (key.length >= 3 ? ofSchool.filter((p) => p.nameKey.startsWith(key)) : []).at(0);
  if (exact) return exact;
  const shown = escapeMrkdwn(programText.trim().slice(0, 60) || '(nothing)');
  const names = ofSchool.slice(0, 8).map((p) => `*${escapeMrkdwn(p.name)}*`);
  throw notFound(
    names.length
      ? `${escapeMrkdwn(school.name)} has no program "${shown}". Its programs: ${names.join(', ')}${ofSchool.length > 8 ? ', …' : ''}.`
      : `${escapeMrkdwn(school.name)} has no programs of study yet. Add one with \`/iec program add\`.`,
  );
}

/** Programs of these commissions (all when none given), by school and name. About 300 exist district-wide. */
export async function listPrograms(commissionKeys?: readonly string[], limit = 2_000): Promise<ProgramRecord[]> {
  const filter = commissionKeys ? { commissionKey: { $in: commissionKeys.map(String) } } : {};
  return ProgramModel.find(filter).sort({ schoolName: 1, nameKey: 1 }).limit(limit).lean<ProgramRecord[]>();
}

/** The programs of these schools with their contacts: who represents which program (per-program attendance). */
export async function programContactsOfSchools(
  schoolIds: readonly string[],
): Promise<Array<Pick<ProgramRecord, '_id' | 'schoolId' | 'contacts'>>> {
  if (schoolIds.length === 0) return [];
  return ProgramModel.find({ schoolId: { $in: schoolIds.map(String) } }, { schoolId: 1, contacts: 1 })
    .limit(5_000)
    .lean<Array<Pick<ProgramRecord, '_id' | 'schoolId' | 'contacts'>>>();
}

const choiceOf = (p: Pick<ProgramRecord, '_id' | 'name' | 'schoolName' | 'commissionKey'>): ProgramChoice => ({
  id: String(p._id),
  label: programLabel(p),
  commissionKey: p.commissionKey,
});

/**
 * The commitment form's program picker: programs (of one commission when given) whose name, school or district code
 * contains every word typed, by school and name.
 */
export async function searchProgramsFor(
  query: string,
  commissionKeys: readonly string[] | undefined,
  limit: number,
): Promise<ProgramChoice[]> {
  if (commissionKeys?.length === 0) return [];
  const words = query.split(/\s+/).map(normalizeName).filter(Boolean);
  const programs = await listPrograms(commissionKeys);
  const matching = programs.filter((p) => {
    const text = normalizeName(`${p.name} ${p.schoolName} ${p.schoolCode ?? ''}`);
    return words.every((w) => text.includes(w));
  });
  return matching.slice(0, limit).map(choiceOf);
}

export async function programChoicesByIds(ids: readonly string[]): Promise<ProgramChoice[]> {
  const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (valid.length === 0) return [];
  const rows = await ProgramModel.find({ _id: { $in: valid } }, { name: 1, schoolName: 1, commissionKey: 1 }).lean<ProgramRecord[]>();
  return rows.map(choiceOf);
}

/**
 * The reminders' plan, in one read: programs whose external review is on one of `reviewDates` (review scheduled), and
 * approved programs due for renewal on one of `renewalDates`. Each branch of the $or is a range of its own index
 * (stage + reviewDate, stage + renewalDate); at most 4,000 programs in all (each was a read of 2,000).
 */
export async function programsReviewedOrRenewingOn(
  reviewDates: readonly string[],
  renewalDates: readonly string[],
): Promise<{ reviewed: ProgramRecord[]; renewing: ProgramRecord[] }> {
  const review = new Set(reviewDates.map(String));
  const renewal = new Set(renewalDates.map(String));
  const branches = [
    ...(review.size ? [{ stage: 'review_scheduled', reviewDate: { $in: [...review] } }] : []),
    ...(renewal.size ? [{ stage: 'approved', renewalDate: { $in: [...renewal] } }] : []),
  ];
  if (branches.length === 0) return { reviewed: [], renewing: [] };
  const rows = await ProgramModel.find({ $or: branches })
    .limit(branches.length * 2_000)
    .lean<ProgramRecord[]>();
  return {
    // each stage is in one branch only
    reviewed: rows.filter((p) => p.stage === 'review_scheduled'),
    renewing: rows.filter((p) => p.stage === 'approved'),
  };
}

/** Who records that the scheduler lapsed a program (its history's `by`). */
export const LAPSED_BY = 'iec-bot';

/**
 * Sets an approved program's stage to lapsed because its renewal date passed: only if it is still approved with that
 * renewal date, so of every replica planning at once exactly one writes it (and its history). The program when this
 * call lapsed it, else null.
 */
export async function lapseProgram(id: Types.ObjectId, renewalDate: string, now: Date): Promise<ProgramRecord | null> {
  return ProgramModel.findOneAndUpdate(
    { _id: id, stage: 'approved', renewalDate: String(renewalDate) },
    {
      $set: { stage: 'lapsed', lapsedAt: now },
      $inc: { revision: 1 },
      $push: { history: { at: now, by: LAPSED_BY, change: `stage approved → lapsed (renewal was due ${renewalDate})` } },
    },
    { new: true },
  ).lean<ProgramRecord>();
}

/**
 * The lapse's plan, in one read: approved programs whose renewal date is before `renewalBefore` (the lapse instant is
 * checked per zone), and programs iec-bot lapsed after `lapsedAfter` that are still lapsed (whose people the lapse
 * notice tells). Each branch of the $or is a range of its own index (stage + renewalDate, stage + lapsedAt); at most
 * 4,000 programs in all (each was a read of 2,000).
 */
export async function programsLapsing(
  renewalBefore: string,
  lapsedAfter: Date,
): Promise<{ approved: ProgramRecord[]; lapsed: ProgramRecord[] }> {
  const rows = await ProgramModel.find({
    $or: [
      { stage: 'approved', renewalDate: { $lt: String(renewalBefore) } },
      { stage: 'lapsed', lapsedAt: { $gt: lapsedAfter } },
    ],
  })
    .limit(4_000)
    .lean<ProgramRecord[]>();
  return {
    // each stage is in one branch only
    approved: rows.filter((p) => p.stage === 'approved'),
    lapsed: rows.filter((p) => p.stage === 'lapsed'),
  };
}

/** Each commission's readiness rules (the defaults where it set none). */
export async function rulesFor(commissionKeys: readonly string[]): Promise<Map<string, ReadinessRules>> {
  const rows = await ReadinessRulesModel.find({ commissionKey: { $in: commissionKeys.map(String) } }).lean();
  const byKey = new Map(
    rows.map((r) => [r.commissionKey, { minFormalMeetings: r.minFormalMeetings, minWorkBasedLearning: r.minWorkBasedLearning }]),
  );
  return new Map(commissionKeys.map((k) => [k, byKey.get(k) ?? DEFAULT_RULES]));
}

/** Sets a commission's readiness rules (its leads, administrators). */
export async function setRules(
  actor: Actor,
  commissionInput: string,
  rules: Partial<ReadinessRules>,
): Promise<{ key: string; rules: ReadinessRules }> {
  const commission = await requireCommission(commissionInput);
  requireAllowed(actor, 'program.manage', { commissionKey: commission.key }, refusal(commission.name));
  const current = (await rulesFor([commission.key])).get(commission.key) ?? DEFAULT_RULES;
  const next = { ...current, ...rules };
  await ReadinessRulesModel.updateOne({ commissionKey: commission.key }, { $set: { ...next, updatedBy: actor.userId } }, { upsert: true });
  return { key: commission.key, rules: next };
}

export const isStage = (s: string): s is ProgramStage => (PROGRAM_STAGES as readonly string[]).includes(s);

/** Who changed each of these programs last, and how (what an Undo's refusal names). */
export function lastProgramChanges(ids: readonly string[]): Promise<Map<string, LastChange>> {
  return lastChanges(ProgramModel, ids);
}
