import { Types } from 'mongoose';
import type { AssessedProgram } from '../../src/programs/evidence';
import { assessReadiness, DEFAULT_RULES, type ProgramEvidence } from '../../src/programs/readiness';
import type { ProgramRecord } from '../../src/programs/service';
import {
  digestProgramsBlocks,
  HOME_PROGRAMS_SHOWN,
  homeProgramsBlocks,
  programDetailMessage,
  programListMessage,
  programModal,
  reviewReminderMessage,
} from '../../src/programs/views';
import { checkMessage, checkView } from '../support/fake-slack';

/** The programs feature's Block Kit, pure and within Slack's limits at the district's size (about 300 programs). */

const TODAY = '2026-03-01';
const LONG = 'Advanced Aviation Maintenance Technology and Airframe & Powerplant <Certification> *Pathway*'.padEnd(120, ' x');

function assessed(i: number, over: { panel?: boolean; name?: string; reviewDate?: string } = {}): AssessedProgram {
  const id = new Types.ObjectId();
  const program = {
    _id: id,
    schoolId: `s${i}`,
    schoolName: `${'Long School Name High School for Aviation and Transportation Trades '.slice(0, 70)} ${i}`,
    schoolCode: `24Q${String(i).padStart(3, '0')}`,
    name: over.name ?? `${LONG} ${i}`,
    nameKey: `p${i}`,
    commissionKey: 'transportation',
    stage: 'review_scheduled',
    reviewDate: over.reviewDate ?? '2026-04-10',
    contacts: [{ slackUserId: 'UTEACH001', name: '', email: '' }],
    revision: 0,
    createdBy: 'ULEAD',
    history: [],
  } as unknown as ProgramRecord;
  const evidence: ProgramEvidence = {
    meetings: [{ id: 'm1', title: 'Fall board meeting', date: '2025-10-15', staff: ['Ava Teacher'] }],
    programCommitments: over.panel
      ? [
          {
            id: 'c1',
            programId: String(id),
            partnerId: 'ford',
            partnerName: 'Ford Motor Company',
            commissionKey: 'transportation',
            type: 'review_panelist',
            status: 'pledged',
            quantity: 1,
            startDate: '2026-04-10',
            schoolYear: '2025-26',
            schoolIds: [],
            recordedBy: 'U1',
          },
        ]
      : [],
    workBasedLearning: [],
    partners: new Map([['ford', { id: 'ford', name: 'Ford Motor Company', kind: 'industry', commissions: ['transportation'] }]]),
  };
  const readiness = assessReadiness(
    {
      id: String(id),
      schoolId: program.schoolId,
      commissionKey: 'transportation',
      stage: 'review_scheduled',
      reviewDate: program.reviewDate ?? undefined,
    },
    evidence,
    DEFAULT_RULES,
    '2025-26',
    TODAY,
  );
  return { program, readiness, evidence, schoolName: program.schoolName, name: program.name, zone: 'America/New_York' };
}

const district = Array.from({ length: 300 }, (_, i) => assessed(i, { panel: i % 2 === 0 }));

describe('program views', () => {
  it('lists 300 programs within a message’s limits, saying how many more', () => {
    const message = programListMessage({ title: 'every commission', items: district, atRiskOnly: false, schoolYear: '2025-26' });
    expect(checkMessage(message)).toEqual([]);
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more/);
    expect(message.text).toBe('300 programs of every commission (300 at risk)');
  });

  it('says so when nothing is at risk', () => {
    const message = programListMessage({ title: 'Transportation', items: [], atRiskOnly: true, schoolYear: '2025-26' });
    expect(message.text).toContain('No program of Transportation is at risk');
    expect(checkMessage(message)).toEqual([]);
  });

  it('the detail names the panel and reviews, escaped, within limits; leads get the Change button', () => {
    const a = assessed(1, { panel: true });
    const lead = programDetailMessage(a, { canManage: true, commissionName: 'Transportation' });
    expect(checkMessage(lead)).toEqual([]);
    const text = JSON.stringify(lead.blocks);
    expect(text).toContain('Ford Motor Company (industry)');
    expect(text).toContain('Airframe &amp; Powerplant &lt;Certificati');
    expect(JSON.stringify(lead.blocks?.slice(1))).not.toContain('<Certif');
    expect(text).toContain('program_edit');
    expect(JSON.stringify(programDetailMessage(a, { canManage: false, commissionName: 'Transportation' }).blocks)).not.toContain(
      'program_edit',
    );
  });

  it('Home shows at most 10 programs, at risk first, then "and N more"', () => {
    const blocks = homeProgramsBlocks(district);
    const text = JSON.stringify(blocks);
    expect(blocks.length).toBeLessThanOrEqual(7);
    expect((text.match(/24Q\d{3}|Long School Name/g) ?? []).length).toBeGreaterThan(0);
    expect(text).toContain(`…and ${300 - HOME_PROGRAMS_SHOWN} more`);
    expect(checkView({ type: 'home', blocks })).toEqual([]);
    expect(homeProgramsBlocks([])).toEqual([]);
  });

  it('the digest section lists programs at risk without partner or panelist names (fit for a shared channel)', () => {
    const blocks = digestProgramsBlocks(district.slice(0, 20));
    const text = JSON.stringify(blocks);
    expect(text).toContain('Programs at risk');
    expect(text).toContain('the review panel needs');
    expect(text).not.toContain('Ford');
    expect(checkMessage({ text: 'digest', blocks })).toEqual([]);
    expect(digestProgramsBlocks([])).toEqual([]);
  });

  it('the review reminder names the gaps', () => {
    const message = reviewReminderMessage(assessed(2, { panel: true }), 30);
    expect(message.text).toContain('in 30 days');
    expect(message.text).toContain('the review panel needs 1 more industry panelist and a postsecondary panelist');
    expect(checkMessage(message)).toEqual([]);
  });

  it('the form stays within a modal’s limits, adding and changing', () => {
    const commissions = Array.from({ length: 120 }, (_, i) => ({ key: `c${i}`, name: `Commission ${i} `.repeat(10) }));
    expect(checkView(programModal({ commissions, today: TODAY }))).toEqual([]);
    expect(checkView(programModal({ commissions, today: TODAY, program: assessed(3).program }))).toEqual([]);
  });

  it('the most contacts (10 in Slack, 10 by email, long names) fit the form and the detail', () => {
    const a = assessed(4);
    (a.program as { contacts: unknown }).contacts = [
      ...Array.from({ length: 10 }, (_, i) => ({ slackUserId: `UTEACH${String(i).padStart(3, '0')}`, name: '', email: '' })),
      ...Array.from({ length: 10 }, (_, i) => ({
        name: `${'Teacher <b>* '.repeat(8)}${i}`,
        email: `teacher${i}.${'x'.repeat(60)}@schools.nyc.gov`,
      })),
    ];
    a.evidence.meetings = Array.from({ length: 40 }, (_, i) => ({
      id: `m${i}`,
      title: `${LONG} ${i}`,
      date: '2025-10-15',
      staff: Array.from({ length: 30 }, (_, j) => `Staff member ${j} ${LONG}`),
    }));
    const form = programModal({ commissions: [{ key: 'transportation', name: 'Transportation' }], today: TODAY, program: a.program });
    expect(checkView(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain('teacher9.');
    const detail = programDetailMessage(a, { canManage: true, commissionName: 'Transportation' });
    expect(checkMessage(detail)).toEqual([]);
    expect(JSON.stringify(detail.blocks)).toContain('&lt;b&gt;');
  });
});
