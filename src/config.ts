import { z } from 'zod';

/**
 * The environment, parsed once at start-up. Every problem is reported together, each with what the
 * variable should be, so an operator fixes the configuration in one go.
 */

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Where the data lives: every command that opens the database (the app and each CLI) reads these. */
const databaseSchema = z.object({
  NODE_ENV: z.string().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'MONGODB_URI must be a MongoDB connection string (mongodb:// or mongodb+srv://)')
    .optional(),
  IEC_DATA_DIR: z.string().min(1).default('.data/mongo'),
});

export const PRODUCTION_NEEDS_MONGODB_URI =
  'MONGODB_URI is required when NODE_ENV=production: the embedded database is for development and tests only; set MONGODB_URI to your MongoDB connection string';

/**
 * In production the embedded server is refused: a forgotten MONGODB_URI must not start an empty database on local
 * disk. Checked beside the schema (not as a refinement) so it is reported together with every other problem.
 */
function databaseProblems(cleaned: Record<string, string>): string[] {
  return cleaned.NODE_ENV === 'production' && !cleaned.MONGODB_URI ? [PRODUCTION_NEEDS_MONGODB_URI] : [];
}

const schema = databaseSchema.extend({
  SLACK_BOT_TOKEN: z
    .string({ error: 'SLACK_BOT_TOKEN is required: the bot token from "OAuth & Permissions" (starts with xoxb-)' })
    .regex(/^xoxb-/, 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z
    .string({ error: 'SLACK_SIGNING_SECRET is required: the signing secret from "Basic Information"' })
    .min(8, 'SLACK_SIGNING_SECRET looks too short: copy it from "Basic Information" → "Signing Secret"'),
  SLACK_SOCKET_MODE: booleanFlag,
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'SLACK_APP_TOKEN must be an app-level token starting with xapp- (scope connections:write)')
    .optional(),
  PORT: z.coerce
    .number({ error: 'PORT must be a whole number from 0 to 65535' })
    .int('PORT must be a whole number from 0 to 65535')
    .min(0, 'PORT must be a whole number from 0 to 65535')
    .max(65535, 'PORT must be a whole number from 0 to 65535')
    .default(3000),
  SLACK_API_URL: z
    .url({ error: 'SLACK_API_URL must be an absolute URL such as https://slack.com/api/' })
    .default('https://slack.com/api/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  TZ: z.string().default('America/New_York').refine(isValidTimeZone, 'TZ must be an IANA time zone such as America/New_York'),
  IEC_ADMINS: z
    .string()
    .default('')
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .refine((ids) => ids.every((id) => slackUserId.test(id)), {
      message: 'IEC_ADMINS must be a comma-separated list of Slack user ids such as U012ABCDEF',
    }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SCHEDULER_ENABLED: z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => v !== 'false' && v !== '0'),
});

export interface DatabaseConfig {
  /** Set: that server, used unchanged. Unset: the embedded server on `dataDir` (never in production). */
  mongodbUri?: string;
  dataDir: string;
  /** NODE_ENV=production: JSON logs, and no embedded database. */
  production: boolean;
}

export interface Config extends DatabaseConfig {
  slack: {
    botToken: string;
    signingSecret: string;
    appToken?: string;
    socketMode: boolean;
    apiUrl: string;
  };
  port: number;
  timeZone: string;
  admins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  schedulerEnabled: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** An empty variable means "not set", as in most .env tooling. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.join('.');
    return issue.message.includes(name) || !name ? issue.message : `${name}: ${issue.message}`;
  });
}

export type DatabaseConfigResult = { ok: true; config: DatabaseConfig } | { ok: false; problems: string[] };

/** The database part of the configuration alone, for the commands that need no Slack credentials (seed, import…). */
export function parseDatabaseConfig(env: Record<string, string | undefined>): DatabaseConfigResult {
  const cleaned = withoutEmpty(env);
  const parsed = databaseSchema.safeParse(cleaned);
  const problems = [...(parsed.success ? [] : describeIssues(parsed.error)), ...databaseProblems(cleaned)];
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const e = parsed.data;
  return { ok: true, config: { mongodbUri: e.MONGODB_URI, dataDir: e.IEC_DATA_DIR, production: e.NODE_ENV === 'production' } };
}

export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned = withoutEmpty(env);
  const parsed = schema.safeParse(cleaned);
  const problems = [...(parsed.success ? [] : describeIssues(parsed.error)), ...databaseProblems(cleaned)];
  const socketMode = ['true', '1', 'yes'].includes(cleaned.SLACK_SOCKET_MODE ?? '');
  if (socketMode && !cleaned.SLACK_APP_TOKEN) {
    problems.push('SLACK_APP_TOKEN is required when SLACK_SOCKET_MODE=true: an app-level token (xapp-) with connections:write');
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const e = parsed.data;
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        socketMode: e.SLACK_SOCKET_MODE,
        apiUrl: e.SLACK_API_URL,
      },
      port: e.PORT,
      mongodbUri: e.MONGODB_URI,
      dataDir: e.IEC_DATA_DIR,
      production: e.NODE_ENV === 'production',
      timeZone: e.TZ,
      admins: e.IEC_ADMINS,
      logLevel: e.LOG_LEVEL,
      schedulerEnabled: e.SCHEDULER_ENABLED,
    },
  };
}

export function formatConfigProblems(problems: string[], command = 'iec-bot'): string {
  return [
    `${command} cannot start: the configuration has problems.`,
    ...problems.map((p) => `  - ${p}`),
    'See .env.example and README.md (Configuration).',
  ].join('\n');
}
