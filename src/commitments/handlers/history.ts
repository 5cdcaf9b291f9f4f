import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { actorFrom, type Actor } from '../../access';
import type { HistoryEntry } from '../../db/history';
import { invalidInput } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { HISTORY_PAGE_SIZE } from '../../slack/history';
import { replierFor } from '../../slack/interaction';
import { commitmentHistory } from '../service';
import { commitmentHistoryView } from '../views';
import { named, schoolsByIds } from './shared';

/** A commitment's History (from a list row, a confirmation or Home): a modal, newest first, with Newer / Older changes. */

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const idSchema = z.string().regex(/^[0-9a-f]{24}$/);
const pageSchema = z
  .string()
  .regex(/^[0-9a-f]{24}:\d{1,6}$/)
  .transform((v) => {
    const [id, offset] = v.split(':');
    return { id, offset: Number(offset) };
  });

/** The school names the page's changes mention. */
async function namesIn(entries: readonly HistoryEntry[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const e of entries)
    for (const c of e.changes ?? [])
      if (c.field === 'schoolIds') for (const v of [c.from, c.to]) if (Array.isArray(v)) for (const id of v) ids.add(String(id));
  const valid = [...ids].filter((id) => /^[0-9a-f]{24}$/.test(id));
  const schools = valid.length > 0 ? await schoolsByIds(valid) : [];
  return new Map(schools.map((s) => [s.id, s.name]));
}

export async function historyViewOf(id: string, offset: number, actor: Actor, deps: AppDeps) {
  const page = await commitmentHistory(id, actor, { offset, limit: HISTORY_PAGE_SIZE });
  const [withName, names] = await Promise.all([named(page.commitment), namesIn(page.entries)]);
  return commitmentHistoryView(withName, { entries: page.entries, total: page.total, offset }, deps.config.timeZone, names);
}

/** History on a list row, a confirmation or a Home row (value = commitment id). */
export const openCommitmentHistory =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    try {
      const id = idSchema.safeParse(action.value);
      if (!id.success) throw invalidInput('That button is out of date: look at the commitment again (`/iec commitments`).');
      const view = await historyViewOf(id.data, 0, actorFrom(context), deps);
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };

/** Newer / Older changes in the history modal: the page in place. */
export const pageCommitmentHistory =
  (deps: AppDeps) =>
  async ({ context, ack, body, action, respond, client }: Args): Promise<void> => {
    await ack();
    try {
      const page = pageSchema.safeParse(action.value);
      if (!page.success || !body.view?.id) throw invalidInput('That history is out of date: open it again.');
      const view = await historyViewOf(page.data.id, page.data.offset, actorFrom(context), deps);
      await client.views.update({ view_id: body.view.id, ...(body.view.hash ? { hash: body.view.hash } : {}), view });
    } catch (err) {
      await replierFor({ body, respond, client }, deps.logger).error(err);
    }
  };
