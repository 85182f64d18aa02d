import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, freePort, spawnHearth, testMqttUrl, uniqueId, waitFor, type HearthProcess, type TestDatabase } from '@hearth/testing';

export interface ServedHearth {
  /** http://127.0.0.1:<port>, serving the built dashboard and the API. */
  url: string;
  db: TestDatabase;
  mqttUrl: string;
  process: HearthProcess;
  stop(): Promise<void>;
}

/**
 * The built server (`npm run build` first) as a child process on a scratch
 * database and the test broker, as a browser would find it: ready once
 * /health/ready says so (with the demo, once its history is loaded and
 * rolled up). `env` adds to or overrides the settings.
 */
export async function serveHearth(name: string, env: Record<string, string> = {}, readyWithinMs = 90_000): Promise<ServedHearth> {
  const [db, mqttUrl, port] = await Promise.all([createTestDatabase(`hearth_${name}`), testMqttUrl(), freePort()]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hearth-${name}-`));
  const child = spawnHearth({
    DATABASE_URL: db.url,
    MQTT_URL: mqttUrl,
    MQTT_CLIENT_ID: uniqueId(`hearth-${name}-`),
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ...env,
  });
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    // A clean shutdown first; a server that hangs on the way out is not what these runs measure.
    const forced = setTimeout(() => void child.kill('SIGKILL'), 5_000);
    await child.kill('SIGTERM');
    clearTimeout(forced);
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`Hearth exited before it was ready:\n${child.stderr()}`);
        const res = await fetch(`${url}/health/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      readyWithinMs,
      `Hearth (${name}) ready`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, db, mqttUrl, process: child, stop };
}
