import net from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  url: string;
  close(): Promise<void>;
}

/**
 * An MQTT broker inside the Hearth process, for a machine with no broker of
 * its own (no MQTT_URL). It speaks the same MQTT 3.1.1 as a production broker,
 * so sensors and the simulator connect to it exactly as they would to
 * Mosquitto or EMQX. Its sessions live in memory: queued messages do not
 * survive a restart of the process.
 */
export async function startEmbeddedBroker(opts: { host: string; port: number }): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`MQTT port ${opts.port} on ${opts.host} is already in use: set MQTT_PORT to a free port, or MQTT_URL to use the broker that is running there.`) : err),
    );
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    url: `mqtt://${opts.host}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
