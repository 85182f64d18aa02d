// Says once, before the tests run, which real servers the integration tests will use.
import net from 'node:net';

const reachable = (port) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

export default async function globalSetup() {
  const pg = process.env.TEST_DATABASE_URL ?? ((await reachable(5432)) ? 'PostgreSQL at 127.0.0.1:5432 (this machine)' : 'an embedded PostgreSQL (none answers on 127.0.0.1:5432)');
  const mqtt = process.env.TEST_MQTT_URL ?? ((await reachable(1883)) ? 'Mosquitto at 127.0.0.1:1883 (this machine)' : 'an embedded MQTT broker (none answers on 127.0.0.1:1883)');
  process.stdout.write(`\nIntegration tests use ${pg} and ${mqtt}; fault tests start their own Mosquitto processes.\n`);
}
