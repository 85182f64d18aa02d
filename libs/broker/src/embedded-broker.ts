import net from 'node:net';
import { Aedes } from 'aedes';
import { BrokerAccess, type BrokerAccessOptions, type DeviceAuthority } from './broker-access.js';

export interface EmbeddedBroker {
  url: string;
  /**
   * Lets devices connect from now on, their tokens checked by `authority`
   * (Hearth calls it once its database is up). A broker started without
   * `access` is open to everyone and ignores this.
   */
  admitDevices(authority: DeviceAuthority): void;
  close(): Promise<void>;
}

/**
 * An MQTT broker inside the Hearth process, for a machine with no broker of
 * its own (no MQTT_URL). It speaks the same MQTT 3.1.1 as a production broker,
 * so sensors and the simulator connect to it exactly as they would to
 * Mosquitto or EMQX. Its sessions live in memory: queued messages do not
 * survive a restart of the process.
 *
 * With `access` (as Hearth always starts it) the broker authenticates every
 * client and enforces each device's topics (see BrokerAccess); without it,
 * as the test harness starts a stand-in for a local Mosquitto, anyone may
 * connect and publish or subscribe anywhere.
 */
export async function startEmbeddedBroker(opts: { host: string; port: number; access?: BrokerAccessOptions }): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const access = opts.access ? new BrokerAccess(opts.access) : undefined;
  access?.install(broker);
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
    admitDevices: (authority) => access?.admitDevices(authority),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
