import type { IncomingMessage } from 'node:http';
import type { MethodSpec } from './reference';

export interface FilePart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: FilePart[];
  /** Set when a JSON body could not be parsed. */
  invalidJson?: boolean;
}

/** Arguments the WebClient JSON-encodes into form fields, and Slack decodes. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'files',
  'unfurls',
  'user_auth_blocks',
  'options',
  'option_groups',
]);

export function readBody(req: IncomingMessage, limitBytes = 50 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new Error(`request body over ${limitBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a request body the way Slack does: form-encoded, JSON or multipart. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (raw.length === 0) return { fields: {}, files: [] };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return { fields: parsed as Record<string, unknown>, files: [] };
      }
    } catch {
      // fall through
    }
    return { fields: {}, files: [], invalidJson: true };
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    if (!boundary) return { fields: {}, files: [] };
    return parseMultipart(raw, boundary[1] ?? boundary[2]);
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    return { fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: [] };
  }
  return { fields: {}, files: [] };
}

/**
 * Decodes form-encoded arguments: JSON fields (`blocks`, `view`, ...) are parsed, and booleans / integers are
 * coerced where the method's reference says so. A JSON field that does not parse stays a string.
 */
export function decodeArgs(fields: Record<string, unknown>, spec: MethodSpec | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = typeof value === 'string' ? decodeValue(key, value, spec) : value;
  }
  return out;
}

function decodeValue(key: string, value: string, spec: MethodSpec | undefined): unknown {
  if (JSON_FIELDS.has(key)) {
    const trimmed = value.trim();
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
      try {
        return JSON.parse(trimmed);
      } catch {
        return value;
      }
    }
    return value;
  }
  const type = spec?.properties[key]?.type;
  if (type === 'boolean') {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
  }
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

function parseMultipart(raw: Buffer, boundary: string): ParsedBody {
  const fields: Record<string, unknown> = {};
  const files: FilePart[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    // part = CRLF headers CRLF CRLF body CRLF
    const part = raw.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      if (filename !== undefined || contentType !== undefined) files.push({ name, filename, contentType, data: Buffer.from(data) });
      else fields[name] = data.toString('utf8');
    }
    pos = next;
  }
  return { fields, files };
}
