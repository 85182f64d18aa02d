import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_AUTH_ENV, uniqueId } from '@hearth/testing';
import { startHearth, type HearthHandle } from '../src/bootstrap.js';

/**
 * Starts Hearth in this process for an end-to-end test: its own database and
 * broker, a fresh data directory and client id named after `name`, no demo,
 * a free port, no logs, and the test administrator's API key. `env` adds to or overrides those settings.
 */
export function startTestHearth(name: string, env: { DATABASE_URL: string; MQTT_URL: string } & Record<string, string>): Promise<HearthHandle> {
  return startHearth({
    MQTT_CLIENT_ID: uniqueId(`hearth-${name}-`),
    HEARTH_DEMO: 'false',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `hearth-${name}-`)),
    ...TEST_AUTH_ENV,
    ...env,
  });
}
