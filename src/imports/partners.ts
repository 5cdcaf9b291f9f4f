import { Types } from 'mongoose';
import { importRefusal, partnerChangeRefusal } from '../access';
import {
  MAX_CONTACTS,
  PARTNER_KIND_LABELS,
  PARTNER_KINDS,
  partnersByNameKeys,
  PARTNER_STATUSES,
  type ImportContact,
  type PartnerKind,
  type PartnerState,
  type PartnerStatus,
} from '../partners';
import { CellFault, type HeaderedTable, parseEmail, type RowFault, rowValues, SLACK_USER_ID, shown, splitList } from './cells';
import { commissionNamesOf, commissionResolver, type KindPlan, lookupAll, type PlanContext, type PlannedOp, sameState } from './plan';
import { normalizeName } from '../domain/names';
import { normalizeHeader } from './columns';

/**
 * Partners with their contacts: one row per contact, the partner's fields on any of its rows (rows of one
 * partner are those whose names match regardless of case, spacing and punctuation). Lists (commissions) add to
 * what a partner has; a blank cell keeps what is there; contacts match by email, else by name.
 */

interface PartnerRow {
  row: number;
  name: string;
  nameKey: string;
  commissions: string[];
  status?: PartnerStatus;
  kind?: PartnerKind;
  owner?: string;
  notes?: string;
  contact?: ImportContact;
}

/** A kind as our export writes it (`Educational provider`) or as stored (`educational_provider`), any case or spacing. */
const KIND_BY_NAME = new Map(
  PARTNER_KINDS.flatMap((k) => [
    [normalizeHeader(k), k],
    [normalizeHeader(PARTNER_KIND_LABELS[k]), k],
  ]),
);
KIND_BY_NAME.set(normalizeHeader('Community organization'), 'community');

function parseKind(cell: string): PartnerKind {
  const kind = KIND_BY_NAME.get(normalizeHeader(cell));
  if (!kind) throw new CellFault(`kind ${shown(cell)} is not one of ${PARTNER_KINDS.map((k) => PARTNER_KIND_LABELS[k]).join(', ')}`);
  return kind;
}

function parseRow(values: Record<string, string>, resolveCommission: (t: string) => string | undefined): Omit<PartnerRow, 'row'> {
  const name = values.name ?? '';
  const nameKey = normalizeName(name);
  if (!nameKey) throw new CellFault(name ? `${shown(name)} is not a partner name` : 'no partner name');
  const commissions: string[] = [];
  for (const item of splitList(values.commissions ?? '', /\s*[;,\n]\s*/)) {
    const key = resolveCommission(item);
    if (!key) throw new CellFault(`${shown(item)} is not a commission`);
    if (!commissions.includes(key)) commissions.push(key);
  }
  let status: PartnerStatus | undefined;
  if (values.status) {
    status = PARTNER_STATUSES.find((s) => s === values.status.toLowerCase());
    if (!status) throw new CellFault(`status ${shown(values.status)} is not one of ${PARTNER_STATUSES.join(', ')}`);
  }
  const kind = values.kind ? parseKind(values.kind) : undefined;
  let owner: string | undefined;
  if (values.owner) {
    if (SLACK_USER_ID.test(values.owner)) owner = values.owner;
    else if (values.owner.includes('@')) owner = parseEmail(values.owner);
    else throw new CellFault(`owner ${shown(values.owner)} is not a Slack user id (like U0123ABCD) or an email`);
  }
  const contactName = values.contactName || [values.firstName, values.lastName].filter(Boolean).join(' ');
  const email = values.contactEmail ? parseEmail(values.contactEmail) : undefined;
  if (values.contactSlackId && !SLACK_USER_ID.test(values.contactSlackId)) {
    throw new CellFault(`${shown(values.contactSlackId)} is not a Slack user id (like U0123ABCD)`);
  }
  const anyContact = email || values.contactTitle || values.contactPhone || values.contactSlackId;
  if (!contactName && anyContact) throw new CellFault('the contact has no name');
  const contact: ImportContact | undefined = contactName
    ? {
        name: contactName,
        ...(values.contactTitle ? { title: values.contactTitle } : {}),
        ...(email ? { email } : {}),
        ...(values.contactPhone ? { phone: values.contactPhone } : {}),
        ...(values.contactSlackId ? { slackUserId: values.contactSlackId } : {}),
      }
    : undefined;
  return {
    name: name.trim(),
    nameKey,
    commissions,
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
    ...(owner ? { owner } : {}),
    ...(values.notes ? { notes: values.notes } : {}),
    ...(contact ? { contact } : {}),
  };
}

function sameContact(a: ImportContact, b: ImportContact): boolean {
  if (a.email && b.email) return a.email === b.email;
  return normalizeName(a.name) === normalizeName(b.name);
}

export async function planPartners(header: HeaderedTable, ctx: PlanContext): Promise<KindPlan> {
  const rejected: RowFault[] = [];
  const resolveCommission = commissionResolver(ctx.commissions);
  const names = commissionNamesOf(ctx.commissions);
  const parsed: PartnerRow[] = [];
  for (const raw of header.rows) {
    try {
      parsed.push({ row: raw.row, ...parseRow(rowValues('partners', header, raw), resolveCommission) });
    } catch (err) {
      if (!(err instanceof CellFault)) throw err;
      rejected.push({ row: raw.row, reason: err.message });
    }
  }

  const existing = new Map((await partnersByNameKeys(parsed.map((p) => p.nameKey))).map((p) => [p.nameKey, p]));
  const ownerEmails = parsed.map((p) => p.owner).filter((o): o is string => Boolean(o?.includes('@')));
  const owners = await lookupAll(ownerEmails, ctx.lookupEmail);

  // group the rows of each partner, rejecting rows that contradict or repeat an earlier one
  interface Group {
    first: PartnerRow;
    commissions: string[];
    status?: { value: PartnerStatus; row: number };
    kind?: { value: PartnerKind; row: number };
    owner?: { value: string; row: number };
    notes?: { value: string; row: number };
    contacts: Array<{ contact: ImportContact; row: number }>;
  }
  const groups = new Map<string, Group>();
  for (const p of parsed) {
    const reject = (reason: string) => rejected.push({ row: p.row, reason });
    let owner = p.owner;
    if (owner?.includes('@')) {
      owner = owners.get(owner);
      if (!owner) {
        reject(`owner ${shown(p.owner ?? '')} is not anyone in this Slack workspace`);
        continue;
      }
    }
    // a new partner: every commission of its rows one the importer manages; an existing one: as its edit form (lists add)
    const before = existing.get(p.nameKey)?.commissions;
    const refusal = before
      ? partnerChangeRefusal(ctx.actor, before, [...new Set([...before, ...p.commissions])], names)
      : importRefusal(ctx.actor, p.commissions, names);
    if (refusal) {
      reject(refusal);
      continue;
    }
    const group = groups.get(p.nameKey);
    if (!group) {
      groups.set(p.nameKey, {
        first: p,
        commissions: [...p.commissions],
        ...(p.status ? { status: { value: p.status, row: p.row } } : {}),
        ...(p.kind ? { kind: { value: p.kind, row: p.row } } : {}),
        ...(owner ? { owner: { value: owner, row: p.row } } : {}),
        ...(p.notes ? { notes: { value: p.notes, row: p.row } } : {}),
        contacts: p.contact ? [{ contact: p.contact, row: p.row }] : [],
      });
      continue;
    }
    const conflict = (
      [
        ['status', p.status, group.status],
        ['kind', p.kind, group.kind],
        ['owner', owner, group.owner],
        ['notes', p.notes, group.notes],
      ] as const
    ).find(([, mine, theirs]) => mine !== undefined && theirs !== undefined && mine !== theirs.value);
    if (conflict) {
      reject(
        `${group.first.name}'s ${conflict[0]} is ${shown(String(conflict[2]?.value))} on row ${conflict[2]?.row} and ${shown(String(conflict[1]))} here`,
      );
      continue;
    }
    const repeated = p.contact ? group.contacts.find((c) => sameContact(c.contact, p.contact as ImportContact)) : undefined;
    if (repeated) {
      reject(`duplicate of row ${repeated.row} (same partner and contact)`);
      continue;
    }
    if (!p.contact && p.commissions.every((c) => group.commissions.includes(c))) {
      reject(`duplicate of row ${group.first.row} (same partner)`);
      continue;
    }
    for (const c of p.commissions) if (!group.commissions.includes(c)) group.commissions.push(c);
    if (p.status && !group.status) group.status = { value: p.status, row: p.row };
    if (p.kind && !group.kind) group.kind = { value: p.kind, row: p.row };
    if (owner && !group.owner) group.owner = { value: owner, row: p.row };
    if (p.notes && !group.notes) group.notes = { value: p.notes, row: p.row };
    if (p.contact) group.contacts.push({ contact: p.contact, row: p.row });
  }

  // merge each partner with what is stored, then link contacts to their Slack accounts
  const planned: Array<{ group: Group; before?: PartnerState & { id: string }; after: PartnerState }> = [];
  for (const [nameKey, group] of groups) {
    const before = existing.get(nameKey);
    const contacts: ImportContact[] = (before?.contacts ?? []).map((c) => ({ ...c }));
    for (const { contact, row } of group.contacts) {
      const match = contacts.find((c) => sameContact(c, contact));
      if (match) {
        if (contact.title) match.title = contact.title;
        if (contact.phone) match.phone = contact.phone;
        if (contact.email && !match.email) match.email = contact.email;
        if (contact.slackUserId) match.slackUserId = contact.slackUserId;
      } else if (contacts.length >= MAX_CONTACTS) {
        rejected.push({ row, reason: `${group.first.name} would have more than ${MAX_CONTACTS} contacts` });
      } else {
        contacts.push({ ...contact });
      }
    }
    const after: PartnerState = {
      name: before?.name ?? group.first.name,
      commissions: [...(before?.commissions ?? []), ...group.commissions.filter((c) => !before?.commissions.includes(c))],
      status: group.status?.value ?? before?.status ?? 'prospect',
      kind: group.kind?.value ?? before?.kind ?? 'industry',
      ...((group.owner?.value ?? before?.ownerId) ? { ownerId: group.owner?.value ?? before?.ownerId } : {}),
      notes: group.notes?.value ?? before?.notes ?? '',
      contacts,
    };
    planned.push({ group, ...(before ? { before: stripStored(before) } : {}), after });
  }
  const unlinked = planned.flatMap((p) => p.after.contacts.filter((c) => c.email && !c.slackUserId).map((c) => c.email as string));
  const linked = await lookupAll(unlinked, ctx.lookupEmail);
  let linkedCount = 0;
  for (const p of planned) {
    for (const c of p.after.contacts) {
      const id = c.email && !c.slackUserId ? linked.get(c.email) : undefined;
      if (id) {
        c.slackUserId = id;
        linkedCount++;
      }
    }
  }

  const ops: PlannedOp[] = [];
  let unchanged = 0;
  for (const p of planned) {
    if (p.before && sameState(partnerStateOnly(p.before), partnerStateOnly(p.after))) {
      unchanged++;
      continue;
    }
    ops.push({
      action: p.before ? 'update' : 'create',
      id: p.before?.id ?? new Types.ObjectId().toHexString(),
      row: p.group.first.row,
      label: p.after.name,
      ...(p.before ? { before: partnerStateOnly(p.before) } : {}),
      after: partnerStateOnly(p.after),
    });
  }
  const notices: string[] = [];
  if (linkedCount > 0) notices.push(`${linkedCount} contact${linkedCount === 1 ? '' : 's'} linked to their Slack account by email.`);
  if (!ctx.lookupEmail && unlinked.length > 0) notices.push('Contacts were not looked up in Slack (no Slack token): they stay unlinked.');
  return { ops, unchanged, rejected: rejected.sort((a, b) => a.row - b.row), notices };
}

function stripStored(p: PartnerState & { id: string; nameKey?: string }): PartnerState & { id: string } {
  const { nameKey: _nameKey, ...rest } = p;
  return rest;
}

/** A partner's importable fields, in one order (for comparisons). */
export function partnerStateOnly(p: PartnerState & { id?: string }): PartnerState {
  return {
    name: p.name,
    commissions: p.commissions,
    status: p.status,
    kind: p.kind,
    ...(p.ownerId ? { ownerId: p.ownerId } : {}),
    notes: p.notes,
    contacts: p.contacts.map((c) => ({
      name: c.name,
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(c.phone ? { phone: c.phone } : {}),
      ...(c.slackUserId ? { slackUserId: c.slackUserId } : {}),
    })),
  };
}
