import { scrubRecordTexts, TEXT_ERASED } from '../db/history';
import { ERASED_CONTACT, type PersonText } from '../domain/names';
import { DeliverableModel } from './model';
import { type StoredDeliverable, writeDeliverable } from './write';

/**
 * Erasure of a person (`/iec contact erase`): the deliverables they own keep their work but no longer their Slack
 * id — the owner becomes ERASED_CONTACT through the write path (history entry by whoever erased, revision + 1), so
 * no reminder reaches them and a lead reassigns it; their Slack id leaves the history. Returns the deliverables changed.
 */
export async function eraseDeliverableOwner(userIds: readonly string[], by: string, now: Date): Promise<number> {
  const ids = [...userIds];
  let changed = 0;
  for (const d of await DeliverableModel.find({ ownerId: { $in: ids } }, { history: 0 }).lean<StoredDeliverable[]>()) {
    const written = await writeDeliverable(
      { op: 'update', before: d, set: { ownerId: ERASED_CONTACT } },
      { by, now, action: 'owner erased' },
    );
    if (written) changed += 1;
  }
  await scrubHistory(ids);
  return changed;
}

/** Their Slack id in the deliverables' history (who changed one, owner from → to) becomes ERASED_CONTACT. */
async function scrubHistory(ids: string[]): Promise<void> {
  const swap = (v: unknown) => (typeof v === 'string' && ids.includes(v) ? ERASED_CONTACT : v);
  const touched = await DeliverableModel.find(
    {
      $or: [
        { 'history.by': { $in: ids } },
        { 'history.changes.from': { $in: ids } },
        { 'history.changes.to': { $in: ids } },
        { createdBy: { $in: ids } },
      ],
    },
    { history: 1, createdBy: 1 },
  ).lean();
  for (const d of touched) {
    const history = (d.history ?? []).map((h) => ({
      ...h,
      by: swap(h.by),
      changes: (h.changes ?? []).map((c) => ({ ...c, from: swap(c.from), to: swap(c.to) })),
    }));
    await DeliverableModel.updateOne({ _id: d._id }, { $set: { history, createdBy: swap(d.createdBy) } });
  }
}

/** Erasure of a person from deliverables' titles and descriptions, through the deliverables' write path (history scrubbed after). */
export async function eraseFromDeliverableTexts(text: PersonText | undefined, by: string, now: Date): Promise<number> {
  if (!text) return 0;
  return scrubRecordTexts({
    model: DeliverableModel,
    fields: ['title', 'description'],
    text,
    write: async (id, scrub) => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const before = await DeliverableModel.findById(id, { history: 0 }).lean<StoredDeliverable>();
        if (!before) return;
        const set = { title: scrub(before.title), description: scrub(before.description ?? '') };
        if (await writeDeliverable({ op: 'update', before, set }, { by, now, action: TEXT_ERASED })) return;
      }
    },
  });
}
