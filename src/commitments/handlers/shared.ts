import type { WebClient } from '@slack/web-api';
import type { Types } from 'mongoose';
import { isIec, type Actor } from '../../access';
import { commissionNames, findCommissions } from '../../commissions';
import { partnerNameOf } from '../../partners';
import type { PartnerMatch } from '../../partners';
import { schoolsByIds as schoolNamesByIds } from '../../schools';
import type { SchoolMatch } from '../../schools';
import type { AppDeps } from '../../slack/deps';
import { sendDm } from '../../slack/interaction';
import { markRequestAnswered } from '../requests';
import type { StoredCommitment } from '../service';
import { recordedMessage, requestAnsweredMessage, type NamedCommission } from '../views';

/** What the commitments handlers share: the reads that fill forms and confirmations, and what follows a save. */

export async function activeCommissions(): Promise<NamedCommission[]> {
  const rows = await findCommissions({ activeOnly: true, sort: 'name', limit: 100 });
  return rows.map((c) => ({ key: c.key, name: c.name }));
}

export async function schoolsByIds(ids: ReadonlyArray<Types.ObjectId | string>): Promise<SchoolMatch[]> {
  if (ids.length === 0) return [];
  const rows = await schoolNamesByIds(ids);
  const byId = new Map(rows.map((r) => [String(r._id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(String(id));
    return r ? [{ id: String(r._id), name: r.name, ...(r.code ? { code: r.code } : {}) }] : [];
  });
}

export async function partnerMatch(id: Types.ObjectId | string): Promise<PartnerMatch | undefined> {
  const p = await partnerNameOf(id);
  return p ? { id: String(p._id), name: p.name } : undefined;
}

/** The partner a contact of exactly one organisation always acts for (the form does not ask them). */
export function ownOnlyPartner(actor: Actor): Types.ObjectId | undefined {
  return !isIec(actor) && actor.partnerIds.length === 1 ? actor.partnerIds[0] : undefined;
}

/** The commitment with its commission's name, as people read it. */
export async function named<C extends { commissionKey: string }>(c: C): Promise<C & { commissionName?: string }> {
  const name = (await commissionNames()).get(c.commissionKey);
  return name ? { ...c, commissionName: name } : c;
}

export type Confirmed = 'recorded' | 'updated' | 'status' | 'fulfilment';

/** The confirmations that carry an Undo button (for whoever made the change: src/commitments/undo.ts). */
const UNDOABLE: readonly Confirmed[] = ['recorded', 'updated', 'status', 'fulfilment'];

/**
 * A confirmation or notice that names the record fully: partner, commission, type, quantity, dates, schools;
 * with History, and Undo for the person who made the change (`undo: false`: neither, e.g. in a modal).
 */
export async function confirmationOf(c: StoredCommitment, zone: string, what: Confirmed, options: { undo?: boolean } = {}) {
  const [withName, schools] = await Promise.all([named(c), schoolsByIds(c.schoolIds ?? [])]);
  if (options.undo === false) return recordedMessage(withName, zone, what, schools);
  const undo = UNDOABLE.includes(what) ? { revision: c.revision ?? 0 } : undefined;
  return recordedMessage(withName, zone, what, schools, String(c._id), undo);
}

/**
 * Confirms to the recorder by DM (in the request's DM thread when answering one) and tells the requesting IEC.
 * (Home tabs follow the commitment.changed event: src/home/subscriptions.ts.)
 */
export async function afterRecorded(
  client: WebClient,
  deps: AppDeps,
  c: StoredCommitment,
  actor: Actor,
  what: 'recorded' | 'updated',
  requestId?: string,
): Promise<void> {
  const zone = deps.config.timeZone;
  const confirmation = await confirmationOf(c, zone, what);
  if (!requestId) {
    await sendDm(client, actor.userId, confirmation);
    return;
  }
  const request = await markRequestAnswered(requestId, c._id, deps.clock());
  if (request?.channelId && request.messageTs && request.contactUserId === actor.userId) {
    await sendDm(client, actor.userId, confirmation, { channel: request.channelId, threadTs: request.messageTs });
  } else {
    await sendDm(client, actor.userId, confirmation);
  }
  if (request) await sendDm(client, request.requestedBy, requestAnsweredMessage(await named(c), actor.userId, zone));
}

/** Logs an error of work done after Slack was answered. */
export function logged(deps: AppDeps, what: string) {
  return (err: unknown) => deps.logger.error(`${what}:`, err instanceof Error ? (err.stack ?? err.message) : err);
}
