import type { Types } from 'mongoose';
import type { Actor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { PartnerModel } from '../../src/partners/model';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { SchoolModel } from '../../src/schools/model';
import type { CommitmentInput } from '../../src/commitments/service';
import { ACTION } from '../../src/commitments/ids';
import type { FakeSlackCall } from '../support/fake-slack';
import type { Harness } from '../support/harness';

/** Users of the commitment tests. */
export const ADMIN = 'UADMIN0001';
export const LEAD = 'ULEAD00001';
export const CONTACT = 'UCONTACT01';
export const STRANGER = 'USTRANGER1';

export interface Seeded {
  conEd: Types.ObjectId;
  grid: Types.ObjectId;
  school: Types.ObjectId;
  school2: Types.ObjectId;
}

/** Two commissions, two partners (Con Edison has a contact in Slack), two schools. */
export async function seedBasics(): Promise<Seeded> {
  await CommissionModel.create([
    { key: 'construction', name: 'Construction/Sustainability', leads: [LEAD] },
    { key: 'healthcare', name: 'Healthcare' },
  ]);
  const [conEd, grid] = await PartnerModel.create([
    { name: 'Con Edison', commissions: ['construction'], contacts: [{ name: 'Pat Lee', slackUserId: CONTACT }], status: 'active' },
    { name: 'National Grid', commissions: ['construction'], status: 'active' },
  ]);
  const [school, school2] = await SchoolModel.create([
    { name: 'Thomas Edison CTE High School', code: '27Q650' },
    { name: 'Queens Technical High School', code: '24Q600' },
  ]);
  await rebuildPeopleIndex();
  return { conEd: conEd._id, grid: grid._id, school: school._id, school2: school2._id };
}

export function adminActor(): Actor {
  return { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
}

export function contactActor(partnerId: Types.ObjectId): Actor {
  return { userId: CONTACT, isAdmin: false, leads: [], partnerIds: [partnerId] };
}

export function strangerActor(): Actor {
  return { userId: STRANGER, isAdmin: false, leads: [], partnerIds: [] };
}

export function input(seeded: Seeded, over: Partial<CommitmentInput> = {}): CommitmentInput {
  return {
    partnerId: String(seeded.conEd),
    commissionKey: 'construction',
    type: 'internship_hosting',
    quantity: 5,
    startDate: '2026-10-01',
    endDate: '2026-12-15',
    schoolIds: [String(seeded.school)],
    notes: 'Summer cohort',
    ...over,
  };
}

/** The fields of a stored commitment, for seeding lists directly with the model. */
export function storedFields(partnerId: Types.ObjectId, partnerName: string, over: Record<string, unknown> = {}) {
  return {
    partnerId,
    partnerName,
    commissionKey: 'construction',
    type: 'mentoring',
    quantity: 12,
    unit: 'students mentored',
    schoolYear: '2026-27',
    startDate: '2026-10-01',
    recordedBy: LEAD,
    recordedVia: 'iec',
    ...over,
  };
}

/** Changes a commitment's status as its row's select in an ephemeral list does; the "Status changed" confirmation. */
export async function changeStatusFromList(h: Harness, userId: string, id: unknown, status: string): Promise<FakeSlackCall> {
  const since = h.fake.calls.length;
  await h.slack.blockAction({
    userId,
    type: 'static_select',
    actionId: ACTION.status,
    blockId: 'row',
    selectedOption: `${String(id)}:${status}`,
    ephemeral: true,
  });
  return h.fake.waitFor('response_url', (c) => h.fake.calls.indexOf(c) >= since && String(c.args.text).includes('Status changed'), 15_000);
}

/** A commitment as an import states it (bulk.ts' CommitmentState), of Con Edison. */
export const importedState = (s: Seeded) => ({
  partnerId: String(s.conEd),
  partnerName: 'Con Edison',
  commissionKey: 'construction',
  type: 'guest_speaking' as const,
  quantity: 1,
  schoolIds: [],
  startDate: '2026-10-05',
  status: 'pledged' as const,
  fulfilledQuantity: 0,
  notes: '',
});
