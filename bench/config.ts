/**
 * What `npm run bench` generates and measures. `--quick` shrinks every size so a run takes a minute or two.
 */
import { LogLevel } from '@slack/bolt';

export interface BenchSizes {
  schools: number;
  partners: number;
  /** Commitments of the current school year: the live data (this week's activity, open items). */
  currentCommitments: number;
  /** Total commitments of the main data set (the rest are history: closed commitments of earlier years). */
  commitments: number;
  deliverables: number;
  meetings: number;
  /** Sizes at which the digest is measured; the main data set's size must be one of them. */
  digestSizes: number[];
  /** Requests per HTTP scenario and target. */
  requests: number;
  /** Concurrent HTTP clients for the ack scenarios. */
  concurrency: number;
  /** Concurrent clients for the type-ahead (people typing). */
  typeaheadConcurrency: number;
  /** Fan-out: deliverable DMs and the owners they go to. */
  fanoutDms: number;
  fanoutOwners: number;
  /** Minutes of the office day (10 people, the real mix); `--office-minutes N` overrides. */
  officeDayMinutes: number;
  /** The import rows: a partners .xlsx and a commitments CSV of these sizes. */
  importPartners: number;
  importCommitments: number;
}

export const FULL: BenchSizes = {
  schools: 300,
  partners: 10_000,
  currentCommitments: 8_000,
  commitments: 100_000,
  deliverables: 2_000,
  meetings: 500,
  digestSizes: [10_000, 100_000, 1_000_000],
  requests: 1_000,
  concurrency: 50,
  typeaheadConcurrency: 10,
  fanoutDms: 500,
  fanoutOwners: 25,
  officeDayMinutes: 10,
  importPartners: 5_000,
  importCommitments: 20_000,
};

export const QUICK: BenchSizes = {
  schools: 60,
  partners: 2_000,
  currentCommitments: 4_000,
  commitments: 20_000,
  deliverables: 400,
  meetings: 100,
  digestSizes: [5_000, 20_000],
  requests: 300,
  concurrency: 50,
  typeaheadConcurrency: 10,
  fanoutDms: 100,
  fanoutOwners: 10,
  officeDayMinutes: 1,
  importPartners: 500,
  importCommitments: 2_000,
};

/**
 * The business instant of the whole run: Monday 2026-02-02 09:00 in New York, when the weekly digests and the
 * deliverable reminders of the fan-out are due. The data spans the school years 2021-22 to 2025-26.
 */
export const BENCH_NOW = new Date('2026-02-02T14:00:00.000Z');
export const BENCH_ZONE = 'America/New_York';
/** The due date of the fan-out's deliverables (a Monday: their "due today" reminder is at 09:00). */
export const FANOUT_DUE_DATE = '2026-02-02';
export const CURRENT_SCHOOL_YEAR = '2025-26';
export const SCHOOL_YEARS = ['2021-22', '2022-23', '2023-24', '2024-25', '2025-26'];

export const BENCH_DB_NAME = 'iec_bench';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-bench-0000';
/** The IEC every request comes from (an administrator through IEC_ADMINS). */
export const BENCH_ADMIN = 'UBENCHADMIN';

/** Slack's per-channel posting rate that the fan-out's fake enforces, and the burst it allows. */
export const FANOUT_RATE_PER_SECOND = 1;
export const FANOUT_BURST = 2;

/** The `/iec` subcommands the bench's clients send, in turn (bench/run.ts) and one by one (bench/iec-probe.ts). */
export const IEC_TEXTS = [
  'help',
  'commission list',
  'commission show healthcare',
  'partner show Con Edison',
  'partner list it',
  'commitments',
  'commitments healthcare open',
  'deliverables healthcare',
  'meetings',
  'digest healthcare',
  'status',
  'school list',
  'calendar list',
  'admin list',
];

/** The bench's app processes log errors only (their load would drown a run's output). */
export const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (...m: unknown[]) => console.error(...m),
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};
