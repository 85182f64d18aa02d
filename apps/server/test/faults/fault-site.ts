import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  adminApi,
  createTestDatabase,
  freePort,
  spawnHearth,
  startDedicatedMosquitto,
  waitFor,
  waitReady,
  type DedicatedMosquitto,
  type HearthProcess,
  type SpawnHearthOptions,
  type TestDatabase,
} from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startTestHearth } from '../start-test-hearth.js';

/** The test branch's site file (`id: branch`, time zone Europe/London, service days from 05:00). */
export const BRANCH_SITE = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/** A fault test's Hearth: its own Mosquitto and scratch database, the server in this process, and an admin client. */
export interface FaultSite {
  broker: DedicatedMosquitto;
  db: TestDatabase;
  hearth: HearthHandle;
  http: ReturnType<typeof adminApi>;
  /** Stops Hearth and the broker and drops the database; safe after a failed start. */
  close(): Promise<void>;
}

/**
 * Starts Hearth (`name` names the database and the process) on a dedicated
 * Mosquitto, declares `sites` from `siteFile` (the branch's id replaced by
 * each), and waits until it is ready. `env` adds to the server's settings.
 */
export async function startFaultSite(name: string, opts: { sites: string[]; env?: Record<string, string>; siteFile?: string }): Promise<FaultSite> {
  const site: Partial<FaultSite> = {};
  const close = async () => {
    await site.hearth?.close();
    await site.broker?.stop();
    await site.db?.drop();
  };
  try {
    site.broker = await startDedicatedMosquitto();
    site.db = await createTestDatabase(`hearth_${name}`);
    site.hearth = await startTestHearth(name, { DATABASE_URL: site.db.url, MQTT_URL: site.broker.url, ...opts.env });
    const http = adminApi(site.hearth.url);
    for (const id of opts.sites) await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send((opts.siteFile ?? BRANCH_SITE).replace('id: branch', `id: ${id}`)).expect(200);
    await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? true : undefined), 20_000, 'ready');
    return { ...(site as Omit<FaultSite, 'http' | 'close'>), http, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The branch's time zone. */
export const BRANCH_TZ = 'Europe/London';

/** The local date (YYYY-MM-DD) of an instant at the branch. */
export const localDate = (t: number): string => new Intl.DateTimeFormat('en-CA', { timeZone: BRANCH_TZ }).format(new Date(t));

/** The instant of a local date and time at the branch. */
export function localTime(date: string, hour: number, minute = 0): number {
  const guess = Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const shown = new Intl.DateTimeFormat('en-GB', { timeZone: BRANCH_TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(guess));
  const [h, m] = shown.split(':').map(Number);
  return guess - (h! * 60 + m! - (hour * 60 + minute)) * 60_000;
}

/**
 * Spawns the built server as a process of its own for fault test `name`:
 * MQTT client id `hearth-<name>`, a fresh DATA_DIR, a free port, plus `env`
 * (which names its database and broker). Returns once it is ready; a server
 * that never gets ready is killed before the error is thrown.
 */
export async function spawnFaultHearth(name: string, env: Record<string, string>, opts?: SpawnHearthOptions): Promise<{ proc: HearthProcess; base: string }> {
  const port = await freePort();
  const proc = spawnHearth({ MQTT_CLIENT_ID: `hearth-${name}`, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `hearth-${name}-`)), PORT: String(port), ...env }, opts);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base);
  } catch (err) {
    await proc.kill('SIGKILL');
    throw err;
  }
  return { proc, base };
}
