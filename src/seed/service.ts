import { Types } from 'mongoose';
import { countCommissions, upsertCommission } from '../commissions';
import { countCommitmentsByIds, writeCommitments, type CommitmentWrite } from '../commitments';
import { countPartners, insertPartnerIfAbsent, partnerIdsByNames } from '../partners';
import { countAllSchools, insertSchoolIfAbsent, schoolIdsByCodes } from '../schools';
import { COMMITMENT_TYPE_INFO, type CommitmentStatus, type CommitmentType } from '../domain/commitments';
import { schoolYearOf } from '../domain/dates';
import { normalizeName } from '../domain/names';

/** The eight sector commissions of the district. */
export const COMMISSIONS: ReadonlyArray<{ key: string; name: string }> = [
  { key: 'automotive', name: 'Automotive/Transportation' },
  { key: 'healthcare', name: 'Healthcare' },
  { key: 'media', name: 'Media/Design' },
  { key: 'it', name: 'Information Technology' },
  { key: 'culinary', name: 'Culinary Arts' },
  { key: 'construction', name: 'Construction/Sustainability' },
  { key: 'engineering', name: 'Engineering' },
  { key: 'business', name: 'Business/Finance' },
];

/** Who the demo data says recorded it. */
export const SEED_USER = 'iec-bot-seed';

/** Creates the eight commissions, or renames them back; never touches channels, leads or targets. Safe to run again. */
export async function seedCommissions(): Promise<{ created: number; total: number }> {
  let created = 0;
  for (const c of COMMISSIONS) {
    if (await upsertCommission(c)) created += 1;
  }
  return { created, total: await countCommissions() };
}

const DEMO_PARTNERS: ReadonlyArray<{
  name: string;
  commissions: string[];
  status: 'active' | 'prospect';
  contacts: Array<{ name: string; title: string; email: string }>;
}> = [
  {
    name: 'SAP',
    commissions: ['it', 'business'],
    status: 'active',
    contacts: [{ name: 'Priya Raman', title: 'Early Talent Programs', email: 'priya.raman@sap.example' }],
  },
  {
    name: 'Microsoft',
    commissions: ['it', 'engineering'],
    status: 'active',
    contacts: [{ name: 'Daniel Ortiz', title: 'TEALS Regional Manager', email: 'daniel.ortiz@microsoft.example' }],
  },
  {
    name: 'NewYork-Presbyterian',
    commissions: ['healthcare'],
    status: 'active',
    contacts: [{ name: 'Alicia Grant', title: 'Workforce Development', email: 'agrant@nyp.example' }],
  },
  {
    name: 'Con Edison',
    commissions: ['construction', 'engineering'],
    status: 'active',
    contacts: [{ name: 'Marcus Bell', title: 'Community Partnerships', email: 'bellm@coned.example' }],
  },
  {
    name: 'National Grid',
    commissions: ['construction', 'engineering'],
    status: 'prospect',
    contacts: [{ name: 'Helen Cho', title: 'STEM Outreach Lead', email: 'helen.cho@nationalgrid.example' }],
  },
  {
    name: 'Montefiore Medical Center',
    commissions: ['healthcare'],
    status: 'active',
    contacts: [{ name: 'Samuel Osei', title: 'Academic Affairs', email: 'sosei@montefiore.example' }],
  },
  {
    name: 'Facebook',
    commissions: ['media', 'it'],
    status: 'prospect',
    contacts: [{ name: 'Jordan Wells', title: 'Community Engagement', email: 'jwells@fb.example' }],
  },
  {
    name: 'Restaurant Associates',
    commissions: ['culinary'],
    status: 'active',
    contacts: [{ name: 'Maria Lopez', title: 'Culinary Talent Manager', email: 'mlopez@restaurantassociates.example' }],
  },
  {
    name: 'Union Square Hospitality Group',
    commissions: ['culinary', 'business'],
    status: 'active',
    contacts: [{ name: 'Chris Tan', title: 'People Team', email: 'ctan@ushg.example' }],
  },
  {
    name: 'Dinex Group',
    commissions: ['culinary'],
    status: 'prospect',
    contacts: [{ name: 'Élodie Martin', title: 'Training Director', email: 'emartin@dinex.example' }],
  },
];

const DEMO_SCHOOLS: ReadonlyArray<{ name: string; code: string; programs: string[] }> = [
  { name: 'Aviation High School', code: '24Q610', programs: ['Aviation Maintenance'] },
  { name: 'Food and Finance High School', code: '02M288', programs: ['Culinary Arts'] },
  { name: 'Thomas A. Edison CTE High School', code: '28Q650', programs: ['Electrical', 'Automotive', 'Computer Technology'] },
  { name: 'High School for Health Professions and Human Services', code: '02M420', programs: ['Nursing', 'Medical Assisting'] },
  { name: 'Brooklyn Tech', code: '13K430', programs: ['Engineering', 'Media'] },
];

const DEMO_COMMITMENTS: ReadonlyArray<{
  partner: string;
  commission: string;
  type: CommitmentType;
  quantity: number;
  status: CommitmentStatus;
  fulfilled?: number;
  schools: string[];
  months: [number, number?];
  notes: string;
}> = [
  {
    partner: 'Microsoft',
    commission: 'it',
    type: 'mentoring',
    quantity: 20,
    status: 'confirmed',
    schools: ['13K430'],
    months: [1, 6],
    notes: 'TEALS volunteers, weekly',
  },
  {
    partner: 'NewYork-Presbyterian',
    commission: 'healthcare',
    type: 'internship_hosting',
    quantity: 8,
    status: 'pledged',
    schools: ['02M420'],
    months: [4, 6],
    notes: 'Summer clinical internships',
  },
  {
    partner: 'Con Edison',
    commission: 'construction',
    type: 'site_visit',
    quantity: 40,
    status: 'fulfilled',
    fulfilled: 40,
    schools: ['28Q650'],
    months: [-1],
    notes: 'Substation tour',
  },
  {
    partner: 'Restaurant Associates',
    commission: 'culinary',
    type: 'guest_speaking',
    quantity: 3,
    status: 'partially_fulfilled',
    fulfilled: 1,
    schools: ['02M288'],
    months: [-2, 2],
    notes: 'Chef demos',
  },
  {
    partner: 'SAP',
    commission: 'business',
    type: 'scholarship',
    quantity: 5000,
    status: 'pledged',
    schools: [],
    months: [5],
    notes: 'Two scholarships',
  },
  {
    partner: 'Montefiore Medical Center',
    commission: 'healthcare',
    type: 'teacher_externship',
    quantity: 2,
    status: 'confirmed',
    schools: ['02M420'],
    months: [2, 3],
    notes: '',
  },
];

/** Demo commitments have fixed ids, so seeding again finds them instead of doubling them. */
export function demoCommitmentId(index: number): Types.ObjectId {
  return new Types.ObjectId(`5eed0000000000000000${String(index + 1).padStart(4, '0')}`);
}

function isoDate(base: Date, monthOffset: number): string {
  const d = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + monthOffset, 15));
  return d.toISOString().slice(0, 10);
}

export interface DemoCounts {
  partners: number;
  schools: number;
  commitments: number;
}

/**
 * The demo partners (with contacts), schools and a handful of commitments, so the app can be tried at once.
 * Upserts by natural keys (partner name, school code, fixed ids for the commitments); the commitment totals rollup follows: running it twice changes nothing.
 */
export async function seedDemo(now: Date, timeZone = 'America/New_York'): Promise<DemoCounts> {
  await seedCommissions();
  for (const p of DEMO_PARTNERS) await insertPartnerIfAbsent({ ...p, notes: 'Demo partner' }, SEED_USER, now);
  for (const s of DEMO_SCHOOLS) await insertSchoolIfAbsent(s, SEED_USER, now);
  const partners = await partnerIdsByNames(DEMO_PARTNERS.map((p) => p.name));
  const schools = await schoolIdsByCodes(DEMO_SCHOOLS.map((s) => s.code));
  const demo: CommitmentWrite[] = [];
  for (const [i, c] of DEMO_COMMITMENTS.entries()) {
    const partner = partners.find((p) => p.nameKey === normalizeName(c.partner));
    if (!partner) continue;
    const startDate = isoDate(now, c.months[0]);
    const endDate = c.months[1] !== undefined ? isoDate(now, c.months[1]) : undefined;
    const schoolYear = schoolYearOf(new Date(`${startDate}T12:00:00Z`), timeZone);
    demo.push({
      op: 'create',
      doc: {
        _id: demoCommitmentId(i),
        partnerId: partner._id,
        partnerName: partner.name,
        commissionKey: c.commission,
        type: c.type,
        quantity: c.quantity,
        unit: COMMITMENT_TYPE_INFO[c.type].unit,
        schoolIds: schools.filter((s) => s.code && c.schools.includes(s.code)).map((s) => s._id),
        schoolYear,
        startDate,
        ...(endDate ? { endDate } : {}),
        status: c.status,
        fulfilledQuantity: c.fulfilled ?? 0,
        ...(c.fulfilled ? { fulfilledAt: now } : {}),
        notes: c.notes,
        recordedBy: SEED_USER,
        recordedVia: 'iec',
      },
    });
  }
  // through the commitments' write path: history, totals and indexes follow; ids already there are left as they are
  await writeCommitments(demo, { by: SEED_USER, now, action: 'created', source: 'demo seed' });
  const [partnerCount, schoolCount, commitmentCount] = await Promise.all([
    countPartners(),
    countAllSchools(),
    countCommitmentsByIds(DEMO_COMMITMENTS.map((_, i) => demoCommitmentId(i))),
  ]);
  return { partners: partnerCount, schools: schoolCount, commitments: commitmentCount };
}
