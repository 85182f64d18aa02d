import type { DrainStats } from './spool-drain.js';
import type { SpoolPosition } from './spool.js';

/** What the storing thread starts from. */
export interface DrainWorkerData {
  spoolDir: string;
  databaseUrl: string;
  committed: SpoolPosition;
  end: SpoolPosition;
  limits: { maxAgeMs: number; maxFutureMs: number };
}

/** Main thread -> storing thread. */
export type ToDrain = { type: 'extend'; end: SpoolPosition } | { type: 'stop' };

/** Storing thread -> main thread. */
export type FromDrain =
  | { type: 'ready' }
  | { type: 'committed'; position: SpoolPosition; stats: DrainStats }
  | { type: 'database'; ok: boolean; error?: string }
  | { type: 'log'; level: 'warn' | 'error'; message: string };
