import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { SpoolDrain } from './spool-drain.js';
import { SpoolReader } from './spool.js';
import type { DrainWorkerData, FromDrain, ToDrain } from './spool-drain.protocol.js';

/**
 * The ingest role's storing thread: it runs the spool drain with a small
 * `pg` pool of its own, while the main thread receives, spools and
 * acknowledges. It reports commits and database state to the main thread,
 * which owns the spool's checkpoint and the metrics.
 */
const data = workerData as DrainWorkerData;
const port = parentPort!;
const send = (message: FromDrain) => port.postMessage(message);

const pool = new pg.Pool({ connectionString: data.databaseUrl, max: 3, application_name: 'hearth-ingest' });
// An idle connection that breaks is replaced by the next query; it must not end the thread.
pool.on('error', (err) => send({ type: 'log', level: 'warn', message: `an idle PostgreSQL connection failed: ${err.message}` }));

const drain = new SpoolDrain({
  reader: new SpoolReader(data.spoolDir),
  sql: pool,
  limits: data.limits,
  events: {
    committed: (position, stats) => send({ type: 'committed', position, stats }),
    database: (ok, error) => send({ type: 'database', ok, error }),
  },
});

port.on('message', (message: ToDrain) => {
  if (message.type === 'extend') drain.extend(message.end);
  else if (message.type === 'stop') {
    void drain
      .stop()
      .then(() => pool.end())
      .finally(() => port.close());
  }
});
drain.start(data.committed, data.end);
send({ type: 'ready' });
