import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@hearth/database';
import { startEmbeddedBroker, type EmbeddedBroker } from '@hearth/broker';

/**
 * Integration tests talk to real servers: the PostgreSQL and MQTT broker on
 * this machine (127.0.0.1:5432, 127.0.0.1:1883) when they answer, otherwise
 * an embedded PostgreSQL and an embedded broker started for the test run.
 * TEST_DATABASE_URL / TEST_MQTT_URL point elsewhere.
 */
const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test';
const LOCAL_MQTT = 'mqtt://127.0.0.1:1883';

export function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let embeddedPg: EmbeddedDatabase | undefined;
let embeddedBroker: EmbeddedBroker | undefined;

async function adminUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (await reachable('127.0.0.1', 5432)) return LOCAL_PG;
  embeddedPg ??= await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), 'hearth-test-pg'), port: 54339 });
  return embeddedPg.url;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database for one test file on the real server; `drop()` removes it. */
export async function createTestDatabase(prefix = 'hearth_test'): Promise<TestDatabase> {
  const admin = await adminUrl();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The broker integration tests publish to: the local Mosquitto, or an embedded broker. */
export async function testMqttUrl(): Promise<string> {
  if (process.env.TEST_MQTT_URL) return process.env.TEST_MQTT_URL;
  if (await reachable('127.0.0.1', 1883)) return LOCAL_MQTT;
  embeddedBroker ??= await startEmbeddedBroker({ host: '127.0.0.1', port: 18830 });
  return embeddedBroker.url;
}

/** A unique prefix so concurrent test files never share topics or client ids. */
export function uniqueId(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}
