import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy for outage tests: put it between the app and its database, then `cut()` it (every open
 * connection is dropped and new ones are reset at once, as when the database host goes away) and `restore()` it.
 *
 *   const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 27017 });
 *   await connectDatabase(`mongodb://127.0.0.1:${proxy.port}/db`);
 *   proxy.cut(); ... proxy.restore();
 */
export class TcpProxy {
  readonly port: number;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private down = false;
  private silent = false;
  /** Connections refused while cut (reset on arrival). */
  refused = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    this.port = (server.address() as AddressInfo).port;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy?.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy = new TcpProxy(server, target);
    return proxy;
  }

  /** True while connections are being dropped. */
  get isCut(): boolean {
    return this.down;
  }

  /** Drops every open connection now, and resets new ones until `restore()`. */
  cut(): void {
    this.down = true;
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /**
   * From now on every byte is dropped, both ways, on open connections and on new ones (which are accepted): a
   * database host whose packets vanish, nothing refused or reset. `restore()` ends it (the silent connections are
   * dropped then; the driver opens new ones).
   */
  swallow(): void {
    this.silent = true;
  }

  get isSwallowing(): boolean {
    return this.silent;
  }

  restore(): void {
    this.down = false;
    if (this.silent) {
      this.silent = false;
      for (const { client, upstream } of this.pairs) {
        client.destroy();
        upstream.destroy();
      }
      this.pairs.clear();
    }
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.down) {
      this.refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      if (!this.silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.silent) client.write(chunk);
    });
  }
}
