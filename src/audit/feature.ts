import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { requireAllowed } from '../access';
import { actorFrom } from '../access';
import { findCommission } from '../commissions';
import { AppError } from '../errors';
import type { AppDeps } from '../slack/deps';
import type { Feature } from '../slack/features';
import type { CommandContext } from '../slack/iec-command';
import { replierFor } from '../slack/interaction';
import { parseOwnJson } from '../slack/view-state';
import { parseUserMention } from '../slack/text';
import { AUDIT_MORE_ACTION, AUDIT_SUBCOMMAND } from './ids';
import { type AuditFilter, listAudit } from './service';
import { auditMessage } from './views';

const ADMINS_ONLY = ':lock: Sorry, the audit trail is for iec-bot administrators only.';

/** The filter as the Show more button carries it: `all`, `c:<commission key>` or `u:<user id>`. */
const filterWord = z.string().regex(/^(all|c:[a-z0-9_-]{1,60}|u:[UW][A-Z0-9]{2,20})$/);
const moreValue = z.object({ f: filterWord, o: z.number().int().min(0).max(1_000_000) });

function toFilter(word: string): AuditFilter {
  if (word.startsWith('c:')) return { commissionKey: word.slice(2) };
  if (word.startsWith('u:')) return { userId: word.slice(2) };
  return {};
}

async function scopeOf(args: readonly string[]): Promise<{ title: string; filter: string }> {
  const word = args.join(' ').trim();
  if (!word || word.toLowerCase() === 'all') return { title: 'everything', filter: 'all' };
  const user = parseUserMention(word);
  if (user) return { title: `<@${user}>`, filter: `u:${user}` };
  const commission = await findCommission(word);
  return { title: `${commission.name} commission`, filter: `c:${commission.key}` };
}

async function runAudit(ctx: CommandContext): Promise<void> {
  requireAllowed(ctx.actor, 'audit.read', {}, ADMINS_ONLY);
  const scope = await scopeOf(ctx.args);
  const page = await listAudit(toFilter(scope.filter), 0);
  return ctx.reply(auditMessage(page, scope, ctx.deps.config.timeZone));
}

function register(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(AUDIT_MORE_ACTION, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const reply = replierFor({ body, respond, client }, deps.logger);
    try {
      requireAllowed(actorFrom(context), 'audit.read', {}, ADMINS_ONLY);
      const parsed = parseOwnJson(moreValue, action.value);
      if (!parsed) throw new AppError('invalid_input', 'That list is out of date: run `/iec audit` again.');
      const filter = toFilter(parsed.f);
      const title =
        parsed.f === 'all' ? 'everything' : parsed.f.startsWith('u:') ? `<@${parsed.f.slice(2)}>` : `${parsed.f.slice(2)} commission`;
      const page = await listAudit(filter, parsed.o);
      await reply.tell(auditMessage(page, { title, filter: parsed.f }, deps.config.timeZone));
    } catch (err) {
      await reply.error(err);
    }
  });
}

/** `/iec audit [commission | @user]`: who changed what, from what to what (administrators). */
export const auditFeature: Feature = {
  name: 'audit',
  subcommands: [
    {
      name: AUDIT_SUBCOMMAND,
      help: [
        {
          usage: '/iec audit [commission | @user]',
          summary: 'who changed roles, settings, the calendar, imports and erasures, newest first (administrators)',
        },
      ],
      run: runAudit,
    },
  ],
  register,
};
