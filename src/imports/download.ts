import { MAX_FILE_BYTES } from './read';

/** Downloads a shared file with the bot token (scope files:read). Without the token Slack answers with its sign-in page. */
export async function downloadSharedFile(url: string, token: string): Promise<Buffer> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || type.startsWith('text/html')) throw new Error(`Slack did not let me download the file (HTTP ${res.status}).`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_FILE_BYTES) throw new Error('The file is over 10 MB.');
  const bytes = Buffer.from(await res.arrayBuffer());
  return bytes;
}
