import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_AUTH_ENV } from './test-auth.js';

const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'apps', 'server', 'src', 'main.js');

export interface HearthProcess {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  /**
   * Everything the process wrote to stdout and stderr, in the order it
   * arrived; empty unless it was started with `captureOutput`.
   */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface SpawnHearthOptions {
  /**
   * Keep the process's whole stdout and stderr (its logs) for `output()`, up
   * to `maxOutputBytes`: for tests that read what Hearth logs.
   */
  captureOutput?: boolean;
  /** The most `output()` keeps (default 50 MB); past it the oldest output is dropped. */
  maxOutputBytes?: number;
}

/**
 * Runs the built server (`npm run build` first) as a separate process, so a
 * test can kill it with SIGKILL at any instant and start it again.
 */
export function spawnHearth(env: Record<string, string>, opts: SpawnHearthOptions = {}): HearthProcess {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
  const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=256', SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HEARTH_DEMO: 'false', ...TEST_AUTH_ENV, ...env },
    stdio: ['ignore', opts.captureOutput ? 'pipe' : 'ignore', 'pipe'],
  });
  const maxOutput = opts.maxOutputBytes ?? 50 * 1024 * 1024;
  let err = '';
  let out = '';
  const keep = (d: Buffer) => {
    if (!opts.captureOutput) return;
    out += d.toString();
    if (out.length > maxOutput) out = out.slice(-maxOutput);
  };
  child.stdout?.on('data', keep);
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
    keep(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    exited,
    stderr: () => err,
    output: () => out,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls until `probe` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until the Hearth at `baseUrl` answers 200 on /health/ready (its
 * database and broker are reachable) and returns how long that took, in
 * milliseconds. Connection errors while it starts count as "not yet".
 */
export async function waitReady(baseUrl: string, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  await waitFor(async () => {
    const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    return res?.ok ? true : undefined;
  }, timeoutMs, `${baseUrl} ready`);
  return Date.now() - started;
}

/** One connection Hearth made to its MQTT broker, as its log tells it. */
export interface BrokerConnection {
  /** When it was logged (epoch ms). */
  at: number;
  /** Whether the broker still had Hearth's persistent session. */
  sessionPresent: boolean;
}

/**
 * The broker connections a process started with `captureOutput` and
 * LOG_LEVEL=info (or lower) has logged so far, oldest first.
 */
export function brokerConnections(proc: HearthProcess): BrokerConnection[] {
  const out: BrokerConnection[] = [];
  for (const line of proc.output().split('\n')) {
    if (!line.includes('connected to the MQTT broker')) continue;
    try {
      const entry = JSON.parse(line) as { time?: number; sessionPresent?: boolean };
      if (typeof entry.time === 'number' && typeof entry.sessionPresent === 'boolean') out.push({ at: entry.time, sessionPresent: entry.sessionPresent });
    } catch {
      // not a JSON log line
    }
  }
  return out;
}
