import type { Logger, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { errorModal, errorReply } from './replies';

/** A message to one person: `text` (the notification fallback) and optional blocks. */
export interface PersonalMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** Where to post a DM: an existing DM channel (and thread) instead of opening one. */
export interface DmPlace {
  channel?: string;
  threadTs?: string;
}

/** The app's DM channel with `userId` (conversations.open). Throws when Slack refuses. */
export async function openDm(client: WebClient, userId: string): Promise<string> {
  const channel = (await client.conversations.open({ users: userId })).channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${userId}`);
  return channel;
}

/** A DM from the app to `userId` (conversations.open, then chat.postMessage). Throws when Slack refuses. */
export async function sendDm(client: WebClient, userId: string, message: PersonalMessage, place: DmPlace = {}) {
  const channel = place.channel ?? (await openDm(client, userId));
  return client.chat.postMessage({
    channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
  });
}

/** Where a button (or select) was pressed. */
export type Surface = 'message' | 'home' | 'modal';

/** What a block action's listener receives, as far as answering the person is concerned. */
export interface ActionSource {
  body: {
    user: { id: string };
    trigger_id?: string;
    response_url?: string;
    container?: { type?: string };
    view?: { type?: string };
  };
  /** Bolt gives one only when Slack sent a response_url: never for the Home tab or a modal. */
  respond?: RespondFn;
  client: WebClient;
}

export function surfaceOf(body: ActionSource['body']): Surface {
  if (body.view?.type === 'home') return 'home';
  if (body.view || body.container?.type === 'view') return 'modal';
  return 'message';
}

/** Answers the person who pressed a button, wherever the button lives. Neither method throws. */
export interface Replier {
  readonly surface: Surface;
  /** In a message: a new ephemeral message under it (the original stays). On the Home tab or in a modal: a DM. */
  tell(message: string | PersonalMessage): Promise<void>;
  /** Logs what the person must not see and tells them the rest: in a modal on top of it, elsewhere as `tell` does. */
  error(err: unknown): Promise<void>;
}

export function replierFor({ body, respond, client }: ActionSource, logger: Logger): Replier {
  const surface = surfaceOf(body);
  const userId = body.user.id;
  const replyInThread = typeof respond === 'function' && body.response_url ? respond : undefined;
  const logged = (what: string) => (err: unknown) => logger.error(`${what}:`, err instanceof Error ? err.message : err);

  const dm = (message: PersonalMessage) => sendDm(client, userId, message).then(() => undefined, logged(`could not send ${userId} a DM`));

  const tell = async (input: string | PersonalMessage): Promise<void> => {
    const message = typeof input === 'string' ? { text: input } : input;
    if (replyInThread) {
      try {
        await replyInThread({ response_type: 'ephemeral', replace_original: false, ...message });
        return;
      } catch (err) {
        // a response_url lasts 30 minutes and 5 uses: a DM still reaches the person
        logged('could not reply through response_url, sending a DM instead')(err);
      }
    }
    await dm(message);
  };

  const error = async (err: unknown): Promise<void> => {
    const text = errorReply(err, logger);
    if (surface === 'modal' && body.trigger_id) {
      try {
        await client.views.push({ trigger_id: body.trigger_id, view: errorModal(text) });
        return;
      } catch (pushErr) {
        logged('could not show the error in the modal, sending a DM instead')(pushErr);
      }
    }
    await tell(text);
  };

  return { surface, tell, error };
}
