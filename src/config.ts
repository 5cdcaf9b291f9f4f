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

const schema = z.object({
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
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/.+/, 'MONGODB_URI must be a MongoDB connection string (mongodb:// or mongodb+srv://)')
    .optional(),
  IEC_DATA_DIR: z.string().min(1).default('.data/mongo'),
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

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string;
    appToken?: string;
    socketMode: boolean;
    apiUrl: string;
  };
  port: number;
  mongodbUri?: string;
  dataDir: string;
  timeZone: string;
  admins: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  schedulerEnabled: boolean;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  // An empty variable means "not set", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return issue.message.includes(name) || !name ? issue.message : `${name}: ${issue.message}`;
      });
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
      timeZone: e.TZ,
      admins: e.IEC_ADMINS,
      logLevel: e.LOG_LEVEL,
      schedulerEnabled: e.SCHEDULER_ENABLED,
    },
  };
}

export function formatConfigProblems(problems: string[]): string {
  return [
    'iec-bot cannot start: the configuration has problems.',
    ...problems.map((p) => `  - ${p}`),
    'See .env.example and README.md (Configuration).',
  ].join('\n');
}
