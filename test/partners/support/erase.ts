import mongoose from 'mongoose';
import { CONTACT_ERASE_ACTION, CONTACT_ERASE_BLOCK } from '../../../src/partners/ids';
import { STILL_WORKING } from '../../../src/slack/request-deadline';
import type { Harness } from '../../support/harness';

/** Every document of every collection, as text: what an erasure must leave none of the person's values in. */
export async function everything(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database');
  const out: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    out.push(`${name}: ${JSON.stringify(await db.collection(name).find({}).toArray())}`);
  }
  return out.join('\n');
}

/**
 * An administrator presses "Erase for good" (value as the preview's button holds it); returns the answer that
 * replaced it. An erasure touches every feature's records: on a loaded machine it may pass the request deadline,
 * whose "still working" notice is not the answer.
 */
export async function pressErase(h: Harness, userId: string, value: string): Promise<{ text?: string; replace_original?: boolean }> {
  const before = h.fake.callsTo('response_url').length;
  const answers = () =>
    h.fake
      .callsTo('response_url')
      .slice(before)
      .filter((c) => c.args.text !== STILL_WORKING);
  await h.slack.blockAction({ userId, ephemeral: true, actionId: CONTACT_ERASE_ACTION, blockId: CONTACT_ERASE_BLOCK, value });
  await h.fake.waitFor('response_url', () => answers().length > 0);
  return answers().at(-1)?.args as { text?: string; replace_original?: boolean };
}
