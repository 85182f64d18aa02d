import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { MAX_PAYLOAD_BYTES } from '@hearth/contracts';
import { MetricsService, ReadinessRegistry } from '@hearth/observability';
import { DEAD_LETTER_PAYLOAD_LIMIT } from '../dead-letter.writer.js';
import { DATABASE_URL } from '../tokens.js';
import { quarantineLimits } from './decode.js';
import { HTTP_PREFIX, type DrainStats, type Transport } from './spool-drain.js';
import type { DrainWorkerData, FromDrain, ToDrain } from './spool-drain.protocol.js';
import { Spool, type SpoolPosition } from './spool.js';

export type { Transport } from './spool-drain.js';

const RESTART_DELAY_MS = 1000;

/**
 * The path from a received payload to stored rows.
 *
 * 1. `append` writes the payload, as received, to the local spool: a
 *    synchronous write, done before the broker (or the HTTP client) is told
 *    the message was taken. From then on the message survives a crash.
 * 2. A storing thread (a worker thread running `SpoolDrain`) tails the spool:
 *    it decodes, validates and stores each batch idempotently and reports how
 *    far it has committed; this thread then moves the checkpoint. Receiving
 *    and storing thus run on separate cores.
 * 3. At start-up whatever lies past the checkpoint is replayed the same way.
 *
 * While PostgreSQL is unreachable the storing thread retries with back-off
 * and the spool grows to its limit; past it, `hasCapacity` turns false and the
 * MQTT consumer stops acknowledging, so the broker holds the rest.
 */
@Injectable()
export class IngestPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(IngestPipeline.name);
  private spool!: Spool;
  private worker: Worker | undefined;
  private workerExited: Promise<void> = Promise.resolve();
  private postedEnd: SpoolPosition = 0;
  private running = false;
  private commitWaiters: { position: SpoolPosition; resolve: () => void }[] = [];
  private capacityWaiters: (() => void)[] = [];
  private databaseOk = true;
  private readonly writerReady: Promise<void>;
  private markWriterReady!: () => void;
  private readonly maxBytes: number;
  private readonly lowWaterBytes: number;

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly metrics: MetricsService,
    readiness: ReadinessRegistry,
  ) {
    this.maxBytes = config.ingest.spoolMaxBytes;
    this.lowWaterBytes = Math.floor(this.maxBytes * 0.8);
    this.writerReady = new Promise((resolve) => (this.markWriterReady = resolve));
    readiness.register({ name: 'ingest', check: async () => ({ ok: this.databaseOk && this.hasCapacity, detail: !this.databaseOk ? 'readings cannot be written to PostgreSQL; they are held in the spool' : !this.hasCapacity ? 'the spool is full' : undefined }) });
  }

  onApplicationBootstrap(): void {
    this.spool = Spool.open(path.join(this.config.dataDir, 'spool', this.config.mqtt.clientId));
    const backlog = this.spool.uncommittedBytes;
    if (backlog > 0) this.log.log({ bytes: backlog }, 'replaying readings received but not yet stored');
    this.running = true;
    this.startWorker();
  }

  /**
   * Resolves once the storing thread has started (its modules loaded). The
   * MQTT consumer waits for it before subscribing: a backlog taken faster
   * than it can be stored would only grow the spool.
   */
  ready(): Promise<void> {
    return this.writerReady;
  }

  /** True while the spool has room; the MQTT consumer stops acknowledging when it has none. */
  get hasCapacity(): boolean {
    return !this.spool || this.spool.uncommittedBytes < this.maxBytes;
  }

  /** Writes a received payload to the spool. Synchronous: when it returns, the payload is safe. */
  append(transport: Transport, topic: string, payload: Buffer, receivedAt = Date.now()): SpoolPosition {
    const end = this.stage(transport, topic, payload, receivedAt);
    this.flushStaged();
    return end;
  }

  /** Writes the staged payloads to the spool with one system call; after it they are safe. */
  flushStaged(): void {
    this.spool.flush();
    const end = this.spool.flushedEnd;
    if (end > this.postedEnd && this.worker) {
      this.postedEnd = end;
      this.worker.postMessage({ type: 'extend', end } satisfies ToDrain);
    }
  }

  /**
   * Stages a payload for the spool without writing it yet: the MQTT consumer
   * stages every message of a burst, then `flushStaged()` writes them all at
   * once before any of their acknowledgements leaves the process.
   */
  stage(transport: Transport, topic: string, payload: Buffer, receivedAt = Date.now()): SpoolPosition {
    // Too large to accept: keep only what the dead letter will hold, so a flood of huge messages costs no disk or memory.
    if (payload.length > MAX_PAYLOAD_BYTES) {
      topic = `oversize:${payload.length}:${topic}`;
      payload = payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT);
    }
    return this.spool.stage(receivedAt, transport === 'http' ? HTTP_PREFIX + topic : topic, payload);
  }

  /** Resolves once everything up to `position` is stored in PostgreSQL. */
  committed(position: SpoolPosition): Promise<void> {
    if (this.spool.committedPosition >= position) return Promise.resolve();
    return new Promise((resolve) => this.commitWaiters.push({ position, resolve }));
  }

  /** Resolves when the spool has drained below its low-water mark. */
  capacity(): Promise<void> {
    if (this.spool.uncommittedBytes < this.lowWaterBytes) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  /** Resolves when everything appended so far is stored (tests, shutdown). */
  drained(): Promise<void> {
    return this.committed(this.spool.end);
  }

  get backlogBytes(): number {
    return this.spool?.uncommittedBytes ?? 0;
  }

  private startWorker(): void {
    const workerData: DrainWorkerData = {
      spoolDir: this.spool.dir,
      databaseUrl: this.databaseUrl,
      committed: this.spool.committedPosition,
      end: this.spool.flushedEnd,
      limits: quarantineLimits(this.config.ingest),
    };
    const worker = new Worker(drainWorkerScript(), { workerData, name: 'hearth-ingest-writer', resourceLimits: { maxOldGenerationSizeMb: 128 } });
    this.worker = worker;
    this.postedEnd = workerData.end;
    this.workerExited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: FromDrain) => this.onDrainMessage(m));
    worker.on('error', (err) => this.log.error({ err }, 'the ingest writer thread failed'));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (!this.running) return;
      // Nothing is lost: what it had not committed is still in the spool and is read again.
      this.log.error({ code }, `the ingest writer thread stopped; restarting it in ${RESTART_DELAY_MS} ms`);
      setTimeout(() => this.running && !this.worker && this.startWorker(), RESTART_DELAY_MS).unref();
    });
  }

  private onDrainMessage(m: FromDrain): void {
    switch (m.type) {
      case 'ready':
        this.markWriterReady();
        break;
      case 'committed':
        this.spool.commit(m.position);
        this.databaseOk = true;
        this.count(m.stats);
        this.release();
        break;
      case 'database':
        this.databaseOk = m.ok;
        if (m.ok) this.log.log('PostgreSQL is reachable again; catching up');
        else this.log.error({ err: m.error }, 'storing readings failed; they stay in the spool and will be retried');
        break;
      case 'log':
        this.log[m.level](m.message);
        break;
    }
  }

  private count(stats: DrainStats): void {
    const { ingestMessages, deadLetters, writeBatchSeconds } = this.metrics;
    if (stats.stored) ingestMessages.inc({ transport: 'all', result: 'stored' }, stats.stored);
    if (stats.duplicates) ingestMessages.inc({ transport: 'all', result: 'duplicate' }, stats.duplicates);
    for (const transport of ['mqtt', 'http'] as const) if (stats.rejected[transport]) ingestMessages.inc({ transport, result: 'rejected' }, stats.rejected[transport]);
    for (const [reason, n] of Object.entries(stats.deadLetters)) deadLetters.inc({ reason }, n);
    writeBatchSeconds.observe(stats.batchSeconds);
  }

  private release(): void {
    const committed = this.spool.committedPosition;
    if (this.commitWaiters.length) {
      const still: typeof this.commitWaiters = [];
      for (const w of this.commitWaiters) (w.position <= committed ? w.resolve() : still.push(w));
      this.commitWaiters = still;
    }
    if (this.capacityWaiters.length && this.spool.uncommittedBytes < this.lowWaterBytes) {
      const waiters = this.capacityWaiters;
      this.capacityWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    // Give the writer a moment to store what is in flight; anything left is replayed at the next start.
    await Promise.race([this.drained(), new Promise((r) => setTimeout(r, 3000).unref())]);
    this.running = false;
    const worker = this.worker;
    if (worker) {
      worker.postMessage({ type: 'stop' } satisfies ToDrain);
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
      if ((await Promise.race([this.workerExited, timeout])) === 'timeout') await worker.terminate();
    }
    this.spool.close();
  }
}

/**
 * The storing thread's script. Next to this file when running the built
 * service; when the sources run directly (the test runner), the compiled copy
 * that `npm run build` writes under dist/.
 */
function drainWorkerScript(): string {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(dir, 'spool-drain.worker.js');
  if (fs.existsSync(beside)) return beside;
  const source = /^(.*)[/\\](libs[/\\]telemetry[/\\]src[/\\]ingest)$/.exec(dir);
  const compiled = source && path.join(source[1]!, 'dist', source[2]!, 'spool-drain.worker.js');
  if (compiled && fs.existsSync(compiled)) return compiled;
  throw new Error(`The ingest writer thread's script is missing (looked for ${beside}${compiled ? ` and ${compiled}` : ''}); run \`npm run build\`.`);
}
