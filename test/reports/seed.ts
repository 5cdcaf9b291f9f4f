import type { Types } from 'mongoose';
import type { Actor } from '../../src/access/actor';
import { CommissionModel } from '../../src/commissions/model';
import { CommitmentRequestModel } from '../../src/commitments/request-model';
import { changeStatus, createCommitment, recordFulfilment, type CommitmentInput } from '../../src/commitments/service';
import { DeliverableModel } from '../../src/deliverables/model';
import { MeetingModel } from '../../src/meetings/model';
import { PartnerModel } from '../../src/partners/model';
import { SchoolModel } from '../../src/schools/model';

/** The data of the Home, report and export tests: two commissions, awkward names, every status, two school years. */

export const NOW = new Date('2027-03-10T15:00:00Z');
export const ADMIN = 'UADMIN0001';
export const LEAD = 'ULEAD00001';
export const CONTACT = 'UCONTACT01';
export const STRANGER = 'USTRANGER1';

export const AWKWARD_NAME = 'Smith, Jones & "Partners"\nLLC';
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","click me")';

export interface Seeded {
  awkward: Types.ObjectId;
  formula: Types.ObjectId;
  acme: Types.ObjectId;
  aviation: Types.ObjectId;
  queens: Types.ObjectId;
  overdueDeliverable: Types.ObjectId;
  pledgedByContact: string;
}

const admin: Actor = { userId: ADMIN, isAdmin: true, leads: [], partnerIds: [] };
const DAY = 24 * 60 * 60 * 1000;

export async function seedReportData(): Promise<Seeded> {
  await CommissionModel.create([
    {
      key: 'healthcare',
      name: 'Healthcare',
      leads: [LEAD],
      targets: [
        { type: 'mentoring', quantity: 100 },
        { type: 'internship_hosting', quantity: 10 },
      ],
    },
    { key: 'construction', name: 'Construction', leads: [] },
  ]);
  const [awkward, formula, acme] = await PartnerModel.create([
    { name: AWKWARD_NAME, commissions: ['healthcare'], status: 'active' },
    {
      name: FORMULA_NAME,
      commissions: ['healthcare', 'construction'],
      status: 'active',
      contacts: [{ name: 'Pat', slackUserId: CONTACT }],
    },
    // nothing recorded for 90 days: needs attention
    { name: 'Acme Health', commissions: ['healthcare'], status: 'active', lastActivityAt: new Date(NOW.getTime() - 90 * DAY) },
  ]);
  const [aviation, queens] = await SchoolModel.create([
    { name: 'Aviation, "High" School', code: '24Q610' },
    { name: 'Queens Technical High School', code: '24Q600' },
  ]);
  const at = (days: number) => new Date(NOW.getTime() - days * DAY);
  const record = async (
    input: Partial<CommitmentInput> & Pick<CommitmentInput, 'partnerId' | 'type' | 'quantity' | 'startDate'>,
    daysAgo: number,
  ) => (await createCommitment({ commissionKey: 'healthcare', schoolIds: [], notes: '', ...input }, admin, at(daysAgo))).commitment;

  const a = await record(
    {
      partnerId: String(awkward._id),
      type: 'mentoring',
      quantity: 20,
      startDate: '2026-09-15',
      schoolIds: [String(aviation._id), String(queens._id)],
      notes: '-3 students, "quoted"\nsecond line',
    },
    150,
  );
  await changeStatus(String(a._id), 'fulfilled', admin, at(100));
  const b = await record(
    {
      partnerId: String(awkward._id),
      type: 'internship_hosting',
      quantity: 6,
      startDate: '2026-11-01',
      endDate: '2027-01-31',
      schoolIds: [String(aviation._id)],
    },
    120,
  );
  await recordFulfilment(String(b._id), 4, admin, at(30));
  const c = await record(
    { partnerId: String(formula._id), type: 'mentoring', quantity: 15, startDate: '2027-02-01', schoolIds: [String(queens._id)] },
    40,
  );
  // past its date (Feb 1) without an answer
  void c;
  const d = await record({ partnerId: String(formula._id), type: 'scholarship', quantity: 5000, startDate: '2027-04-01' }, 20);
  await changeStatus(String(d._id), 'confirmed', admin, at(10));
  const e = await record({ partnerId: String(acme._id), type: 'guest_speaking', quantity: 3, startDate: '2026-10-10' }, 140);
  await changeStatus(String(e._id), 'cancelled', admin, at(130));
  await record(
    { partnerId: String(formula._id), type: 'site_visit', quantity: 25, startDate: '2026-12-01', commissionKey: 'construction' },
    100,
  );
  // last school year: not in this year's report
  await record({ partnerId: String(acme._id), type: 'mentoring', quantity: 50, startDate: '2026-03-01' }, 380);
  const contactOwn = await createCommitment(
    {
      partnerId: String(formula._id),
      commissionKey: 'healthcare',
      type: 'teacher_externship',
      quantity: 2,
      startDate: '2027-06-20',
      schoolIds: [],
      notes: '@mention me',
    },
    { userId: CONTACT, isAdmin: false, leads: [], partnerIds: [formula._id] },
    at(5),
  );

  const [overdue] = await DeliverableModel.create([
    { commissionKey: 'healthcare', title: 'Externship report for the state', ownerId: LEAD, dueDate: '2027-03-01', createdBy: ADMIN },
    { commissionKey: 'healthcare', title: 'Spring mentoring kickoff', ownerId: LEAD, dueDate: '2027-03-20', createdBy: ADMIN },
    { commissionKey: 'construction', title: 'Construction only deliverable', ownerId: ADMIN, dueDate: '2027-03-25', createdBy: ADMIN },
  ]);
  await MeetingModel.create({
    commissionKey: 'healthcare',
    title: 'Spring commission meeting',
    startsAt: new Date(NOW.getTime() + 3 * DAY),
    durationMinutes: 60,
    createdBy: ADMIN,
  });
  await CommitmentRequestModel.create({
    partnerId: formula._id,
    partnerName: FORMULA_NAME,
    contactUserId: CONTACT,
    requestedBy: LEAD,
    commissionKey: 'healthcare',
    requestedAt: at(2),
  });
  return {
    awkward: awkward._id,
    formula: formula._id,
    acme: acme._id,
    aviation: aviation._id,
    queens: queens._id,
    overdueDeliverable: overdue._id,
    pledgedByContact: String(contactOwn.commitment._id),
  };
}
