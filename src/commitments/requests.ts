import type { Types } from 'mongoose';
import { canActForPartner, requireIec, requireKnown, type Actor } from '../access';
import { getCommission } from '../commissions';
import { forbidden, invalidInput, notFound } from '../errors';
import { partnersOfContact } from '../partners';
import { escapeMrkdwn } from '../slack/text';
import { CommitmentRequestModel, type CommitmentRequest } from './request-model';
import { parseObjectId } from './service';
import type { CommitmentType } from '../domain/commitments';

/**
 * `/iec request @contact [commission]`: an IEC asks a partner contact to record their organisation's
 * commitment. The contact answers through the form; the request is then `answered`.
 */

export type StoredRequest = CommitmentRequest & { _id: Types.ObjectId };

/** An ask for one program of study: the program, its commission and the role asked for (a program-support type). */
export interface ProgramAsk {
  programId: string;
  /** e.g. `Automotive Technology at Clara Barton High School`. */
  label: string;
  commissionKey: string;
  role: CommitmentType;
}

/**
 * Resolves the words after `/iec request @contact` that name a role and a program (e.g. `panelist 17K600 Automotive
 * Technology`) to a program ask, or undefined when they do not start with a role. Set by the programs feature, which
 * owns programs (it builds on commitments, so commitments cannot import it).
 */
export type ProgramAskResolver = (words: readonly string[]) => Promise<ProgramAsk | undefined>;
let programAskResolver: ProgramAskResolver | undefined;
export function resolveProgramAsksWith(resolver: ProgramAskResolver): void {
  programAskResolver = resolver;
}
export const resolveProgramAsk = (words: readonly string[]): Promise<ProgramAsk | undefined> =>
  programAskResolver ? programAskResolver(words) : Promise.resolve(undefined);

export interface NewRequest {
  request: StoredRequest;
  commissionName?: string;
}

/** Creates an open request. The contact must be a partner contact known to the app. */
export async function createRequest(
  contactUserId: string,
  commission: string | undefined,
  actor: Actor,
  now: Date,
  program?: ProgramAsk,
): Promise<NewRequest> {
  requireIec(actor);
  const partners = await partnersOfContact(contactUserId, 10);
  if (partners.length === 0) {
    throw notFound(
      `<@${contactUserId}> is not a partner contact yet. Add them to their organisation's contacts (with their Slack user): \`/iec partner add\` for a new partner, or the *Edit* button of \`/iec partner show <name>\`. Then ask again.`,
    );
  }
  if (partners.length > 1) {
    throw invalidInput(
      `<@${contactUserId}> is a contact of ${partners.map((p) => `*${escapeMrkdwn(p.name)}*`).join(', ')}. Ask them with \`/commit <partner>\` in a conversation with them instead, or keep them as a contact of one organisation.`,
    );
  }
  let commissionKey: string | undefined;
  let commissionName: string | undefined;
  const wanted = program?.commissionKey ?? commission;
  if (wanted) {
    const key = wanted.trim().toLowerCase();
    const found = await getCommission(String(key));
    if (!found) throw notFound(`There is no commission \`${escapeMrkdwn(key.slice(0, 40))}\`. \`/iec commission list\` shows them.`);
    commissionKey = found.key;
    commissionName = found.name;
  }
  const [partner] = partners;
  const doc = await CommitmentRequestModel.create({
    partnerId: partner._id,
    partnerName: partner.name,
    contactUserId,
    requestedBy: actor.userId,
    ...(commissionKey ? { commissionKey } : {}),
    ...(program ? { programId: program.programId, programLabel: program.label, role: program.role } : {}),
    status: 'open',
    requestedAt: now,
  });
  return { request: doc.toObject() as StoredRequest, ...(commissionName ? { commissionName } : {}) };
}

/** Where the DM with the ask went, so replies can go to its thread. */
export async function attachRequestMessage(requestId: Types.ObjectId, channelId: string, messageTs: string): Promise<void> {
  await CommitmentRequestModel.updateOne({ _id: requestId }, { $set: { channelId, messageTs } });
}

/** The request a person wants to answer; refused politely when it is not for their organisation. */
export async function requestForAnswer(requestId: string, actor: Actor): Promise<StoredRequest> {
  requireKnown(actor);
  const request = await CommitmentRequestModel.findById(parseObjectId(requestId, 'request')).lean<StoredRequest>();
  if (!request) throw notFound('I could not find that request: it may have been withdrawn.');
  if (!canActForPartner(actor, request.partnerId)) {
    throw forbidden(
      `:lock: Sorry, this request is for *${escapeMrkdwn(request.partnerName)}*, and you can only record commitments for your own organisation.`,
    );
  }
  return request;
}

/** Open requests, newest first (for the App Home): those an IEC sent, or all. */
export async function listOpenRequests(
  filter: { requestedBy?: string; contactUserId?: string } = {},
  limit = 20,
): Promise<StoredRequest[]> {
  const query: Record<string, unknown> = { status: 'open' };
  if (filter.requestedBy) query.requestedBy = String(filter.requestedBy);
  if (filter.contactUserId) query.contactUserId = String(filter.contactUserId);
  return CommitmentRequestModel.find(query).sort({ requestedAt: -1 }).limit(Math.min(100, limit)).lean<StoredRequest[]>();
}

/** Marks an `/iec request` answered by this commitment; the request when this call answered it, else null (answered before). */
export async function markRequestAnswered(requestId: string, commitmentId: Types.ObjectId, now: Date): Promise<StoredRequest | null> {
  return CommitmentRequestModel.findOneAndUpdate(
    { _id: parseObjectId(requestId, 'request'), status: 'open' },
    { $set: { status: 'answered', answeredAt: now, commitmentId } },
    { new: true },
  ).lean<StoredRequest>();
}

/** How many `/iec request` asks name this partner, and how many of them are open. */
export async function requestCounts(partnerId: string): Promise<{ requests: number; openRequests: number }> {
  const id = parseObjectId(partnerId, 'partner');
  const [requests, openRequests] = await Promise.all([
    CommitmentRequestModel.countDocuments({ partnerId: id }),
    CommitmentRequestModel.countDocuments({ partnerId: id, status: 'open' }),
  ]);
  return { requests, openRequests };
}

/**
 * Moves every request for partner `fromId` (only those of `only`, when given: an undo) to partner `to` (a merge):
 * the contact answers it for the keeper. Requests keep no history; returns the ids moved (an undo moves them back).
 */
export async function movePartnerRequests(fromId: string, to: { id: string; name: string }, only?: readonly string[]): Promise<string[]> {
  const from = parseObjectId(fromId, 'partner');
  const within = only ? { _id: { $in: only.map((id) => parseObjectId(id, 'request')) } } : {};
  const ids = (await CommitmentRequestModel.find({ partnerId: from, ...within }, { _id: 1 }).lean()).map((r) => r._id);
  if (ids.length === 0) return [];
  await CommitmentRequestModel.updateMany(
    { _id: { $in: ids }, partnerId: from },
    { $set: { partnerId: parseObjectId(to.id, 'partner'), partnerName: to.name } },
  );
  return ids.map(String);
}
