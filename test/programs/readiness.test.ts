import type { EvidenceCommitment } from '../../src/commitments';
import type { PartnerKindInfo } from '../../src/partners';
import { assessReadiness, byUrgency, DEFAULT_RULES, type ProgramEvidence, type ReadinessProgram } from '../../src/programs/readiness';

/** Readiness as a pure function of the evidence, the rules and today's date. */

const TODAY = '2026-03-01';
const YEAR = '2025-26';
const program: ReadinessProgram = {
  id: 'p1',
  schoolId: 's1',
  commissionKey: 'transportation',
  stage: 'review_scheduled',
  reviewDate: '2026-04-10',
};

const partner = (id: string, kind: PartnerKindInfo['kind'], commissions = ['transportation']): [string, PartnerKindInfo] => [
  id,
  { id, name: `Partner ${id}`, kind, commissions },
];
const partners = new Map([
  partner('ford', 'industry'),
  partner('toyota', 'industry'),
  partner('nurse', 'industry', ['healthcare']),
  partner('edu', 'educational_provider'),
  partner('community', 'community'),
  partner('cuny', 'postsecondary'),
]);

let n = 0;
function c(partnerId: string, type: EvidenceCommitment['type'], over: Partial<EvidenceCommitment> = {}): EvidenceCommitment {
  n += 1;
  return {
    id: `c${n}`,
    programId: 'p1',
    partnerId,
    partnerName: `Partner ${partnerId}`,
    commissionKey: partners.get(partnerId)?.commissions[0] ?? 'transportation',
    type,
    status: 'fulfilled',
    quantity: 1,
    startDate: '2026-02-01',
    schoolYear: YEAR,
    schoolIds: [],
    recordedBy: 'U1',
    ...over,
  };
}

const meetings = [
  { id: 'm1', title: 'Fall', date: '2025-10-15', staff: ['Ava Teacher'] },
  { id: 'm2', title: 'Winter', date: '2026-01-20', staff: ['Ava Teacher'] },
];

function evidence(over: Partial<ProgramEvidence> = {}): ProgramEvidence {
  return {
    meetings,
    programCommitments: [
      c('ford', 'curriculum_review'),
      c('ford', 'technical_assessment_review'),
      c('toyota', 'employability_validation'),
      c('ford', 'review_panelist', { status: 'pledged' }),
      c('toyota', 'review_panelist', { status: 'confirmed' }),
      c('cuny', 'review_panelist', { status: 'pledged' }),
    ],
    workBasedLearning: [c('ford', 'internship_hosting', { programId: undefined, schoolIds: ['s1'] })],
    partners,
    ...over,
  };
}

const gapKeys = (e: ProgramEvidence, p = program, rules = DEFAULT_RULES, today = TODAY) =>
  assessReadiness(p, e, rules, YEAR, today)
    .checks.filter((x) => !x.met)
    .map((x) => x.key);

describe('assessReadiness', () => {
  it('a program with every piece of evidence is ready, and not at risk', () => {
    const r = assessReadiness(program, evidence(), DEFAULT_RULES, YEAR, TODAY);
    expect(r.gaps).toEqual([]);
    expect(r.reviewInDays).toBe(40);
    expect(r.panelNeeded).toBe(true);
    expect(r.panel.industry.map((p) => p.partnerId)).toEqual(['ford', 'toyota']);
    expect(r.atRisk).toBe(false);
  });

  it('one industry panelist with the review in 40 days: at risk, the gap named', () => {
    const e = evidence({
      programCommitments: evidence().programCommitments.filter((x) => !(x.partnerId === 'toyota' && x.type === 'review_panelist')),
    });
    const r = assessReadiness(program, e, DEFAULT_RULES, YEAR, TODAY);
    expect(r.gaps).toEqual(['the review panel needs 1 more industry panelist']);
    expect(r.atRisk).toBe(true);
  });

  it('educational providers and community organisations are not industry evidence; industry of another commission is no panelist', () => {
    const e = evidence({
      programCommitments: [
        c('edu', 'curriculum_review'),
        c('community', 'technical_assessment_review'),
        c('toyota', 'employability_validation'),
        c('ford', 'review_panelist'),
        c('nurse', 'review_panelist'),
        c('edu', 'review_panelist'),
        c('cuny', 'review_panelist'),
      ],
      workBasedLearning: [c('community', 'mentoring', { programId: undefined, schoolIds: ['s1'] })],
    });
    expect(gapKeys(e)).toEqual(['curriculum', 'assessment', 'wbl', 'panel']);
  });

  it('a pledged review is planned, not done; a cancelled one is never evidence (the loader leaves it out)', () => {
    const e = evidence({
      programCommitments: [
        ...evidence().programCommitments.filter((x) => x.type !== 'curriculum_review'),
        c('ford', 'curriculum_review', { status: 'pledged' }),
      ],
    });
    const r = assessReadiness(program, e, DEFAULT_RULES, YEAR, TODAY);
    expect(r.checks.find((x) => x.key === 'curriculum')).toMatchObject({ met: false, detail: 'planned (1 pledge), not done yet' });
  });

  it('reviews of another school year do not count; WBL must serve the program’s school in its commission', () => {
    const e = evidence({
      programCommitments: evidence().programCommitments.map((x) => (x.type === 'curriculum_review' ? { ...x, schoolYear: '2024-25' } : x)),
      workBasedLearning: [
        c('ford', 'internship_hosting', { programId: undefined, schoolIds: ['s2'] }),
        c('nurse', 'mentoring', { programId: undefined, schoolIds: ['s1'] }),
      ],
    });
    expect(gapKeys(e)).toEqual(['curriculum', 'wbl']);
  });

  it('attendance counts formal meetings against the commission’s rule', () => {
    expect(gapKeys(evidence({ meetings: meetings.slice(0, 1) }))).toEqual(['attendance']);
    expect(gapKeys(evidence({ meetings: meetings.slice(0, 1) }), program, { minFormalMeetings: 1, minWorkBasedLearning: 1 })).toEqual([]);
    expect(gapKeys(evidence({ workBasedLearning: [] }), program, { minFormalMeetings: 2, minWorkBasedLearning: 0 })).toEqual([]);
  });

  it('the panel is checked only within 90 days of the review; at risk only within 60 days', () => {
    const noPanel = evidence({ programCommitments: evidence().programCommitments.filter((x) => x.type !== 'review_panelist') });
    const far = { ...program, reviewDate: '2026-07-01' }; // 122 days
    expect(assessReadiness(far, noPanel, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({ panelNeeded: false, gaps: [], atRisk: false });
    const within90 = { ...program, reviewDate: '2026-05-20' }; // 80 days
    expect(assessReadiness(within90, noPanel, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({ panelNeeded: true, atRisk: false });
    expect(assessReadiness(within90, noPanel, DEFAULT_RULES, YEAR, '2026-03-25').atRisk).toBe(true);
    const past = { ...program, reviewDate: '2026-02-01' };
    expect(assessReadiness(past, noPanel, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({
      reviewInDays: -28,
      panelNeeded: false,
      atRisk: false,
    });
    const developing = { ...program, stage: 'development' as const };
    expect(assessReadiness(developing, noPanel, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({ panelNeeded: false, atRisk: false });
  });

  it('an approved program is at risk with a gap and its renewal within 90 days, lapsed with a gap once the renewal passed', () => {
    const approved = { ...program, stage: 'approved' as const, reviewDate: undefined, renewalDate: '2026-05-20' }; // 80 days
    const gap = evidence({ meetings: meetings.slice(0, 1) });
    expect(assessReadiness(approved, gap, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({
      renewalInDays: 80,
      renewal: 'at_risk',
      atRisk: true,
      panelNeeded: false,
    });
    // complete evidence, or the renewal further than 90 days: not at risk
    expect(assessReadiness(approved, evidence(), DEFAULT_RULES, YEAR, TODAY)).toMatchObject({ gaps: [], atRisk: false });
    expect(assessReadiness(approved, evidence(), DEFAULT_RULES, YEAR, TODAY).renewal).toBeUndefined();
    const far = assessReadiness({ ...approved, renewalDate: '2026-06-10' }, gap, DEFAULT_RULES, YEAR, TODAY); // 101 days
    expect(far).toMatchObject({ renewalInDays: 101, atRisk: false });
    expect(far.renewal).toBeUndefined();
    // the same program on the day after its renewal date: lapsed with the gap, overdue without
    expect(assessReadiness(approved, gap, DEFAULT_RULES, YEAR, '2026-05-21')).toMatchObject({
      renewalInDays: -1,
      renewal: 'lapsed',
      atRisk: true,
    });
    expect(assessReadiness(approved, evidence(), DEFAULT_RULES, YEAR, '2026-05-21')).toMatchObject({ renewal: 'overdue', atRisk: true });
    // only industry evidence counts for a renewal too: an educational provider's review leaves the gap
    const byProvider = evidence({
      programCommitments: evidence().programCommitments.map((x) => (x.type === 'curriculum_review' ? { ...x, partnerId: 'edu' } : x)),
    });
    expect(assessReadiness(approved, byProvider, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({
      gaps: ['no industry curriculum review'],
      renewal: 'at_risk',
    });
    // a program whose stage is lapsed (the scheduler set it, or a person) needs a new approval, gaps or not
    expect(assessReadiness({ ...approved, stage: 'lapsed' }, evidence(), DEFAULT_RULES, YEAR, '2026-05-25')).toMatchObject({
      renewalInDays: -5,
      renewal: 'lapsed',
      atRisk: true,
    });
    expect(assessReadiness({ ...approved, stage: 'lapsed', renewalDate: undefined }, gap, DEFAULT_RULES, YEAR, TODAY)).toMatchObject({
      renewal: 'lapsed',
      atRisk: true,
    });
  });

  it('orders a lapsed renewal before other programs at risk', () => {
    const gap = evidence({ meetings: [] });
    const item = (name: string, p: ReadinessProgram) => ({
      name,
      schoolName: 'A',
      readiness: assessReadiness(p, gap, DEFAULT_RULES, YEAR, TODAY),
    });
    const list = [
      item('review', { ...program, reviewDate: '2026-03-20' }),
      item('renewal', { ...program, stage: 'approved', reviewDate: undefined, renewalDate: '2026-03-10' }),
      item('lapsed', { ...program, stage: 'approved', reviewDate: undefined, renewalDate: '2026-02-01' }),
    ];
    expect(list.sort(byUrgency).map((x) => x.name)).toEqual(['lapsed', 'renewal', 'review']);
  });

  it('orders programs at risk first, then by the nearest review', () => {
    const item = (name: string, reviewDate: string | undefined, drop: boolean) => {
      const p = { ...program, id: name, ...(reviewDate ? { reviewDate } : { stage: 'development' as const, reviewDate: undefined }) };
      const e = drop ? evidence({ meetings: [] }) : evidence();
      return {
        name,
        schoolName: 'A',
        readiness: assessReadiness(
          p,
          { ...e, programCommitments: e.programCommitments.map((x) => ({ ...x, programId: name })) },
          DEFAULT_RULES,
          YEAR,
          TODAY,
        ),
      };
    };
    const list = [
      item('none', undefined, true),
      item('late', '2026-04-20', false),
      item('risky', '2026-04-25', true),
      item('soon', '2026-03-20', false),
    ];
    expect(list.sort(byUrgency).map((x) => x.name)).toEqual(['risky', 'soon', 'late', 'none']);
  });
});
