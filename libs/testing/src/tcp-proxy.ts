import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /**
   * When each connection attempt arrived (epoch ms), refused ones included:
   * how often the client behind the proxy tries to reconnect during a cut.
   */
  readonly attempts: readonly number[];
  /** Drops every open connection and refuses new ones, as a failed server or network would. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy a fault test controls, placed between Hearth and a real server. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const attempts: number[] = [];
  let open = true;
  const server = net.createServer((client) => {
    attempts.push(Date.now());
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    attempts,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      open = true;
    },
    close: async () => {
      open = false;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
