import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * The stable database address the runtime nodes use, forwarding to whichever server is primary —
 * the part a virtual IP, or HAProxy checking Patroni's `/primary`, plays in production. node-postgres
 * does not take libpq's multi-host strings or `target_session_attrs`, so the nodes reconnect through
 * an address that follows the primary instead. Switching drops every open connection, as a VIP move does.
 */
export class TcpForwarder {
  private server!: Server;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private targetPort: number) {}

  async listen(): Promise<this> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** From now on connections go to `port`; open ones are cut. */
  switchTo(port: number): void {
    this.targetPort = port;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
