import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { reachable } from './test-services.js';

/**
 * A Mosquitto process of a test's or benchmark's own, on a free loopback
 * port, with the per-client queue limits lifted (`max_queued_messages 0`,
 * `max_queued_bytes 0`). The broker installed on the machine keeps the stock
 * limit of 1,000 queued messages per client, so an offline persistent session
 * there cannot hold a real backlog; this one can hold hundreds of thousands.
 */
export interface DedicatedMosquitto {
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The current broker process; it changes on `restart()`. */
  readonly pid: number;
  /** Stops the broker (SIGTERM, then SIGKILL after 5 s) and removes its temporary files. */
  stop(): Promise<void>;
  /** Stops the broker and starts it again on the same port, for broker-restart fault tests. */
  restart(): Promise<void>;
}

export interface DedicatedMosquittoOptions {
  /** A fixed port; by default a free one is chosen. */
  port?: number;
  /**
   * Keep sessions and queued messages across `restart()` (written to the
   * temporary directory when the broker stops with SIGTERM). Off by default:
   * then a restart forgets every session, as a broker without persistence would.
   */
  persistence?: boolean;
  /**
   * Lines added at the end of the broker's configuration, for a test of
   * authentication or ACLs (e.g. `allow_anonymous false`, `password_file ...`,
   * `acl_file ...`: a later setting overrides the default above it). None by default.
   */
  extraConfig?: string[];
}

const CANDIDATES = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto'];
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/** Where the Mosquitto binary is: a well-known path, else the first `mosquitto` on PATH. */
export function mosquittoBinary(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'mosquitto'));
  return [...CANDIDATES, ...onPath].find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Asks the system for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function config(port: number, dir: string, persistence: boolean, extra: string[] = []): string {
  return [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    // 0 lifts the limit: an offline persistent session may hold any backlog.
    'max_queued_messages 0',
    'max_queued_bytes 0',
    persistence ? 'persistence true' : 'persistence false',
    ...(persistence ? [`persistence_location ${dir}${path.sep}`, 'autosave_interval 0'] : []),
    // Run as root, Mosquitto would switch to its own user, which cannot write the temporary directory.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    ...extra,
    '',
  ].join('\n');
}

/**
 * Starts a dedicated Mosquitto and resolves once its port accepts
 * connections. Throws a readable error when no Mosquitto is installed or the
 * broker exits during start-up (its last log lines are included).
 */
export async function startDedicatedMosquitto(opts: DedicatedMosquittoOptions = {}): Promise<DedicatedMosquitto> {
  const binary = mosquittoBinary();
  if (!binary) {
    throw new Error(
      `Mosquitto is not installed (looked for ${CANDIDATES.join(', ')} and "mosquitto" on PATH). ` +
        'Install it (Debian: apt-get install mosquitto) to run tests and benchmarks that need a dedicated broker.',
    );
  }
  const persistence = opts.persistence ?? false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mosquitto-'));
  const configFile = path.join(dir, 'mosquitto.conf');

  let port = opts.port ?? (await freePort());
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const launch = async (): Promise<void> => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(configFile, config(port, dir, persistence, opts.extraConfig));
    const proc = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let log = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
    });
    let exited: string | undefined;
    proc.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
    });
    proc.once('error', (err) => {
      exited = err.message;
    });
    const until = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited !== undefined) throw new Error(`Mosquitto (${binary}) exited during start-up on port ${port} (${exited}):\n${log.trim()}`);
      if (await reachable('127.0.0.1', port, 200)) return;
      if (Date.now() > until) {
        proc.kill('SIGKILL');
        throw new Error(`Mosquitto did not accept connections on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms:\n${log.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const halt = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    // A port chosen here may be taken by someone else before Mosquitto binds it: try another.
    for (let attempt = 1; ; attempt++) {
      try {
        await launch();
        break;
      } catch (err) {
        if (opts.port !== undefined || attempt >= 3 || !/address already in use/i.test((err as Error).message)) throw err;
        port = await freePort();
      }
    }
  } catch (err) {
    process.removeListener('exit', killOnExit);
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    get pid(): number {
      return child?.pid ?? -1;
    },
    stop: async () => {
      await halt();
      process.removeListener('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await halt();
      if (!process.listeners('exit').includes(killOnExit)) process.once('exit', killOnExit);
      await launch();
    },
  };
}
