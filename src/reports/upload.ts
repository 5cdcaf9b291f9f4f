import type { WebClient } from '@slack/web-api';
import { openDm } from '../slack/interaction';

/** A file for one person: what files.uploadV2 needs. */
export interface PersonalFile {
  filename: string;
  title: string;
  content: Buffer;
  /** The message that comes with it. */
  comment?: string;
  /** For images: what a screen reader says. */
  altText?: string;
}

/** Sends `file` to the person's DM with the app (conversations.open, then files.uploadV2). Returns the DM channel. */
export async function sendFileToUser(client: WebClient, userId: string, file: PersonalFile): Promise<string> {
  const channel = await openDm(client, userId);
  await client.filesUploadV2({
    channel_id: channel,
    file: file.content,
    filename: file.filename,
    title: file.title,
    ...(file.comment ? { initial_comment: file.comment } : {}),
    ...(file.altText ? { alt_text: file.altText } : {}),
  });
  return channel;
}
