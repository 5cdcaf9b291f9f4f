import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode on loopback, in front of a fake Slack Web API. `apiUrl` is the app's SLACK_API_URL:
 * `apps.connections.open` is answered here (only for an app-level `xapp-` token, with a one-time WebSocket
 * URL); every other Web API call is passed on to the fake Slack unchanged. On each connection it sends `hello`
 * first, as Slack does, then envelopes; `deliver` resolves with the app's ack for that envelope.
 */

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export class SocketModeServer {
  readonly apiUrl: string;
  /** Every apps.connections.open call: the token it carried and whether it was accepted. */
  readonly opens: Array<{ token: string | undefined; ok: boolean }> = [];
  /** Every message sent on every connection, in order (`hello` and envelopes). */
  readonly sent: Array<{ type: string; envelope_id?: string }> = [];
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, (ack: SocketAck) => void>();
  private socket: WebSocket | undefined;
  private connected: Promise<void>;
  private markConnected: () => void = () => undefined;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly fakeApiUrl: string,
  ) {
    const { port } = http.address() as AddressInfo;
    this.apiUrl = `http://127.0.0.1:${port}/api/`;
    this.connected = new Promise((resolve) => {
      this.markConnected = resolve;
    });
    http.on('request', (req, res) => void this.onRequest(req, res));
    http.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
      if (!this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  static async start(fakeApiUrl: string): Promise<SocketModeServer> {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new SocketModeServer(http, new WebSocketServer({ noServer: true }), fakeApiUrl);
  }

  /** Resolves once an app holds a connection that has had its `hello`. */
  waitForConnection(): Promise<void> {
    return this.connected;
  }

  /** Sends one envelope and resolves with the app's ack of it (rejects after `timeoutMs`: Slack would retry). */
  deliver(type: EnvelopeType, payload: unknown, timeoutMs = 10_000): Promise<SocketAck> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('no app is connected'));
    const envelope_id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope_id);
        reject(new Error(`no ack for envelope ${envelope_id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.send(socket, {
        envelope_id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      });
    });
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    this.socket = ws;
    this.send(ws, {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'socket-mode-test', approximate_connection_time: 3600 },
      connection_info: { app_id: 'A0FAKEAPP' },
    });
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as SocketAck;
      this.pending.get(ack.envelope_id)?.(ack);
      this.pending.delete(ack.envelope_id);
    });
    this.markConnected();
  }

  private send(ws: WebSocket, message: { type: string; envelope_id?: string } & Record<string, unknown>): void {
    this.sent.push({ type: message.type, ...(message.envelope_id ? { envelope_id: message.envelope_id } : {}) });
    ws.send(JSON.stringify(message));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/apps.connections.open') {
      const token = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const ok = Boolean(token?.startsWith('xapp-'));
      this.opens.push({ token, ok });
      const ticket = randomBytes(12).toString('hex');
      if (ok) this.tickets.add(ticket);
      const { port } = this.http.address() as AddressInfo;
      const answer = ok
        ? { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=A0FAKEAPP` }
        : { ok: false, error: token ? 'not_allowed_token_type' : 'not_authed' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    // everything else is the fake Slack's
    const target = new URL(`${url.pathname.replace(/^\/api\//, '')}${url.search}`, this.fakeApiUrl);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && !['host', 'content-length'].includes(e[0]),
      ),
    );
    const answer = await fetch(target, { method: req.method, headers, ...(body.length ? { body } : {}) });
    const passed = [...answer.headers.entries()].filter(
      ([name]) => !['content-encoding', 'transfer-encoding', 'content-length'].includes(name),
    );
    res.writeHead(answer.status, Object.fromEntries(passed)).end(Buffer.from(await answer.arrayBuffer()));
  }
}
