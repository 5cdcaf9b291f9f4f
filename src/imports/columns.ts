/**
 * What each kind of file holds, and the column names offices use for each field. Headers are compared
 * regardless of case, spacing, punctuation and accents (`E-mail` = `email` = `EMAIL ADDRESS`… once listed).
 */

import { EXPORT_COLUMNS, PROGRAM_EXPORT_COLUMNS } from '../exports';

export const IMPORT_KINDS = ['partners', 'schools', 'commitments', 'programs'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ColumnSpec {
  /** The field it fills. */
  field: string;
  /** The name our export and template write. */
  label: string;
  /** Other names it goes by (compared normalised). */
  synonyms: readonly string[];
  /** Longest value accepted. */
  max: number;
  required?: boolean;
}

export interface KindSpec {
  columns: readonly ColumnSpec[];
  /**
   * The columns our export of this kind writes: those that are not a field above are worked out from other
   * fields (recognised, not imported). Taken from the export itself, so the two cannot drift apart.
   */
  derived: readonly string[];
  /** One example row for the template, by label. */
  example: Record<string, string>;
}

const partnerName = ['Organization', 'Organisation', 'Company', 'Partner name', 'Partner', 'Organization name', 'Company name', 'Employer'];

export const KINDS: Record<ImportKind, KindSpec> = {
  partners: {
    columns: [
      { field: 'name', label: 'Partner', synonyms: partnerName, max: 100, required: true },
      { field: 'commissions', label: 'Commissions', synonyms: ['Commission', 'Sector', 'Industry', 'Industry commission'], max: 500 },
      { field: 'status', label: 'Status', synonyms: ['Partner status'], max: 40 },
      {
        field: 'kind',
        label: 'Kind',
        synonyms: [
          'Partner kind',
          'Partner type',
          'Organization type',
          'Organisation type',
          'Type of organization',
          'Type of organisation',
        ],
        max: 40,
      },
      { field: 'owner', label: 'Owner', synonyms: ['Relationship owner', 'IEC', 'Owner Slack ID'], max: 40 },
      { field: 'notes', label: 'Notes', synonyms: ['Note', 'Comments', 'Comment'], max: 2000 },
      { field: 'contactName', label: 'Contact name', synonyms: ['Contact', 'Contact person', 'Full name'], max: 100 },
      { field: 'firstName', label: 'First name', synonyms: ['Given name', 'Contact first name'], max: 50 },
      { field: 'lastName', label: 'Last name', synonyms: ['Surname', 'Family name', 'Contact last name'], max: 50 },
      { field: 'contactTitle', label: 'Contact title', synonyms: ['Title', 'Job title', 'Role', 'Position'], max: 100 },
      { field: 'contactEmail', label: 'Contact email', synonyms: ['Email', 'E-mail', 'Email address', 'Mail', 'Contact e-mail'], max: 254 },
      { field: 'contactPhone', label: 'Contact phone', synonyms: ['Phone', 'Telephone', 'Phone number', 'Tel', 'Mobile'], max: 40 },
      { field: 'contactSlackId', label: 'Contact Slack ID', synonyms: ['Slack ID', 'Slack user ID', 'Slack user'], max: 40 },
    ],
    derived: [],
    example: {
      Partner: 'Con Edison',
      Commissions: 'construction; engineering',
      Status: 'active',
      Kind: 'Industry',
      Owner: '',
      Notes: 'Summer internships since 2019',
      'Contact name': 'Marcus Bell',
      'Contact title': 'Workforce Development',
      'Contact email': 'marcus.bell@coned.example',
      'Contact phone': '+1 212 555 0100',
      'Contact Slack ID': '',
    },
  },
  schools: {
    columns: [
      { field: 'name', label: 'School', synonyms: ['School name', 'Name'], max: 150, required: true },
      { field: 'code', label: 'Code', synonyms: ['DBN', 'School code', 'District code', 'School DBN'], max: 12 },
      { field: 'programs', label: 'Programs', synonyms: ['Career programs', 'CTE programs', 'Program', 'Pathways'], max: 1000 },
    ],
    derived: [],
    example: { School: 'Aviation High School', Code: '24Q610', Programs: 'Aviation maintenance; Avionics' },
  },
  programs: {
    columns: [
      { field: 'school', label: 'School', synonyms: ['School name'], max: 150, required: true },
      {
        field: 'name',
        label: 'Program',
        synonyms: ['Program of study', 'Program name', 'CTE program', 'Pathway'],
        max: 120,
        required: true,
      },
      { field: 'commission', label: 'Commission', synonyms: ['Commission key', 'Sector', 'Advisory board'], max: 60, required: true },
      { field: 'stage', label: 'Stage', synonyms: ['Approval stage', 'Status'], max: 40, required: true },
      { field: 'reviewDate', label: 'External review date', synonyms: ['Review date', 'External review'], max: 40 },
      { field: 'approvedDate', label: 'Approved on', synonyms: ['Approval date', 'Approved'], max: 40 },
      { field: 'renewalDate', label: 'Renewal due', synonyms: ['Renewal date', 'Renewal'], max: 40 },
    ],
    derived: PROGRAM_EXPORT_COLUMNS,
    example: {
      School: '24Q610',
      Program: 'Aviation Maintenance',
      Commission: 'transportation',
      Stage: 'review_scheduled',
      'External review date': '2027-04-10',
      'Approved on': '',
      'Renewal due': '',
    },
  },
  commitments: {
    columns: [
      { field: 'id', label: 'Commitment ID', synonyms: ['ID'], max: 40 },
      { field: 'partner', label: 'Partner', synonyms: partnerName, max: 100, required: true },
      { field: 'commission', label: 'Commission', synonyms: ['Commission key', 'Sector'], max: 60, required: true },
      { field: 'type', label: 'Type', synonyms: ['Commitment type', 'Kind'], max: 60, required: true },
      { field: 'quantity', label: 'Quantity', synonyms: ['Qty', 'Number', 'Amount', 'How many'], max: 20, required: true },
      { field: 'fulfilled', label: 'Fulfilled quantity', synonyms: ['Fulfilled', 'Delivered', 'Quantity fulfilled'], max: 20 },
      { field: 'status', label: 'Status', synonyms: ['Commitment status'], max: 40 },
      { field: 'schools', label: 'Schools', synonyms: ['School', 'School names'], max: 2000 },
      { field: 'schoolCodes', label: 'School codes', synonyms: ['DBN', 'DBNs', 'School code', 'Codes'], max: 1000 },
      { field: 'startDate', label: 'Start date', synonyms: ['Start', 'Date', 'From', 'Begins'], max: 40, required: true },
      { field: 'endDate', label: 'End date', synonyms: ['End', 'To', 'Until', 'Ends'], max: 40 },
      { field: 'notes', label: 'Notes', synonyms: ['Note', 'Comments', 'Comment'], max: 2000 },
      { field: 'program', label: 'Program', synonyms: ['Program of study', 'Program ID', 'CTE program'], max: 150 },
      { field: 'programSchool', label: 'Program school', synonyms: ['Program school code', 'School of the program'], max: 150 },
    ],
    derived: EXPORT_COLUMNS,
    example: {
      'Commitment ID': '',
      Partner: 'Con Edison',
      Commission: 'construction',
      Type: 'Internship hosting',
      Quantity: '4',
      'Fulfilled quantity': '0',
      Status: 'Pledged',
      Schools: 'Aviation High School',
      'School codes': '24Q610',
      'Start date': '2026-07-06',
      'End date': '2026-08-14',
      Notes: '',
      Program: '',
      'Program school': '',
    },
  },
};

/** `E-mail Address ` → `emailaddress`. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export interface HeaderMatch {
  /** Column index → field. */
  fields: Map<number, string>;
  /** Headers that are neither a field nor a derived column (as written). */
  unrecognised: string[];
  /** Fields named by two columns (the first one is used). */
  repeated: string[];
}

/** Which column holds which field. */
export function matchHeaders(kind: ImportKind, headers: readonly string[]): HeaderMatch {
  const spec = KINDS[kind];
  const byName = new Map<string, string>();
  for (const c of spec.columns) for (const name of [c.label, c.field, ...c.synonyms]) byName.set(normalizeHeader(name), c.field);
  const derived = new Set(spec.derived.map(normalizeHeader));
  const fields = new Map<number, string>();
  const taken = new Set<string>();
  const unrecognised: string[] = [];
  const repeated: string[] = [];
  headers.forEach((header, index) => {
    const norm = normalizeHeader(header);
    if (!norm) return;
    const field = byName.get(norm);
    if (!field) {
      if (!derived.has(norm)) unrecognised.push(header.trim());
      return;
    }
    if (taken.has(field)) {
      repeated.push(header.trim());
      return;
    }
    taken.add(field);
    fields.set(index, field);
  });
  return { fields, unrecognised, repeated };
}

export function columnOf(kind: ImportKind, field: string): ColumnSpec {
  const spec = KINDS[kind].columns.find((c) => c.field === field);
  if (!spec) throw new Error(`no column ${field} in ${kind}`);
  return spec;
}

/** The fields a file of this kind must have a column for. */
export function requiredFields(kind: ImportKind): string[] {
  return KINDS[kind].columns.filter((c) => c.required).map((c) => c.field);
}
