import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { MAX_PAYLOAD_BYTES, parseSensorTopic, type SensorKind, type SensorMessage } from '@hearth/contracts';
import { MetricsService, ReadinessRegistry } from '@hearth/observability';
import { DEAD_LETTER_PAYLOAD_LIMIT, DeadLetterWriter, type DeadLetter } from '../dead-letter.writer.js';
import { RawEventWriter, type RawEventRow } from '../raw-event.writer.js';
import { SensorRegistry } from '../sensor-registry.js';
import { decodePayload, quarantine, type DecodeFailure } from './decode.js';
import { toRawEventRow } from './normalise.js';
import { Spool, type SpoolPosition } from './spool.js';

/** Records that arrived over HTTP carry this prefix on their topic in the spool. */
const HTTP_PREFIX = 'http:';
/** An oversize payload is spooled as its first bytes only, behind `oversize:<bytes>:`. */
const OVERSIZE_PREFIX = /^oversize:(\d+):/;
const BATCH_RECORDS = 5000;
const YIELD_EVERY = 500;

export type Transport = 'mqtt' | 'http';

interface PreparedBatch {
  rows: RawEventRow[];
  letters: DeadLetter[];
}

/**
 * The path from a received payload to stored rows.
 *
 * 1. `append` writes the payload, as received, to the local spool: a
 *    synchronous write, done before the broker (or the HTTP client) is told
 *    the message was taken. From then on the message survives a crash.
 * 2. A single writer tails the spool: it decodes and validates each payload,
 *    resolves its sensor, writes the batch with one INSERT ... ON CONFLICT DO
 *    NOTHING (duplicates and replays are dropped by the natural key), keeps
 *    what failed as dead letters, and only then moves the checkpoint.
 * 3. At start-up whatever lies past the checkpoint is replayed the same way.
 *
 * While PostgreSQL is unreachable the writer retries with back-off and the
 * spool grows to its limit; past it, `hasCapacity` turns false and the MQTT
 * consumer stops acknowledging, so the broker holds the rest.
 */
@Injectable()
export class IngestPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(IngestPipeline.name);
  private spool!: Spool;
  private readPosition: SpoolPosition = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private commitWaiters: { position: SpoolPosition; resolve: () => void }[] = [];
  private capacityWaiters: (() => void)[] = [];
  private databaseOk = true;
  private seen = new Map<number, { at: number; battery: number | null; batteryAt: number | null }>();
  private seenTimer: NodeJS.Timeout | undefined;
  private readonly maxBytes: number;
  private readonly lowWaterBytes: number;

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly registry: SensorRegistry,
    private readonly writer: RawEventWriter,
    private readonly deadLetters: DeadLetterWriter,
    private readonly metrics: MetricsService,
    readiness: ReadinessRegistry,
  ) {
    this.maxBytes = config.ingest.spoolMaxBytes;
    this.lowWaterBytes = Math.floor(this.maxBytes * 0.8);
    readiness.register({ name: 'ingest', check: async () => ({ ok: this.databaseOk && this.hasCapacity, detail: !this.databaseOk ? 'readings cannot be written to PostgreSQL; they are held in the spool' : !this.hasCapacity ? 'the spool is full' : undefined }) });
  }

  onApplicationBootstrap(): void {
    this.spool = Spool.open(path.join(this.config.dataDir, 'spool', this.config.mqtt.clientId));
    this.readPosition = this.spool.committedPosition;
    const backlog = this.spool.uncommittedBytes;
    if (backlog > 0) this.log.log({ bytes: backlog }, 'replaying readings received but not yet stored');
    this.running = true;
    this.loop = this.run();
    this.seenTimer = setInterval(() => void this.flushSeen(), 5000);
    this.seenTimer.unref();
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
    this.wake?.();
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

  /**
   * The writer loop, two batches deep: while one batch is being inserted, the
   * next is read from the spool, decoded and resolved, so Node's work and
   * PostgreSQL's overlap. Checkpoints move strictly in order; on a failure
   * both batches are read again from the last checkpoint (writes are
   * idempotent).
   */
  private async run(): Promise<void> {
    let backoff = 250;
    let inFlight: { end: SpoolPosition; write: Promise<void> } | undefined;
    const fail = async (err: unknown) => {
      if (this.databaseOk) this.log.error({ err: (err as Error).message }, 'storing readings failed; they stay in the spool and will be retried');
      this.databaseOk = false;
      this.readPosition = this.spool.committedPosition;
      await new Promise((r) => setTimeout(r, backoff).unref());
      backoff = Math.min(backoff * 2, 5000);
    };
    while (this.running || inFlight) {
      let next: { end: SpoolPosition; batch: PreparedBatch } | undefined;
      const records = this.running ? this.spool.read(this.readPosition, BATCH_RECORDS) : [];
      if (records.length > 0) {
        try {
          next = { end: records[records.length - 1]!.end, batch: await this.prepare(records) };
          this.readPosition = next.end;
        } catch (err) {
          await inFlight?.write.catch(() => undefined);
          inFlight = undefined;
          await fail(err);
          continue;
        }
      }
      if (inFlight) {
        try {
          await inFlight.write;
          this.spool.commit(inFlight.end);
          if (!this.databaseOk) this.log.log('PostgreSQL is reachable again; catching up');
          this.databaseOk = true;
          backoff = 250;
          this.release();
        } catch (err) {
          inFlight = undefined;
          await fail(err);
          continue;
        }
        inFlight = undefined;
      }
      if (next) {
        const write = this.write(next.batch);
        write.catch(() => undefined); // awaited on the next turn
        inFlight = { end: next.end, write };
        continue;
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50).unref();
      });
      this.wake = undefined;
    }
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

  /** Decodes and validates a batch of spool records, resolving their sensors. */
  private async prepare(records: { receivedAt: number; topic: string; payload: Buffer }[]): Promise<PreparedBatch> {
    const rows: RawEventRow[] = [];
    const letters: DeadLetter[] = [];
    const limits = { maxAgeMs: this.config.ingest.maxAgeHours * 3600_000, maxFutureMs: this.config.ingest.maxFutureMinutes * 60_000 };
    const decoded: { target: { site: string; sensor: string }; messages: SensorMessage[] }[] = [];
    let sinceYield = 0;
    for (const record of records) {
      // Let the MQTT consumer acknowledge its next messages: the broker sends only a few
      // unacknowledged ones at a time, so a long stretch of work here would stall receiving.
      if (++sinceYield === YIELD_EVERY) {
        sinceYield = 0;
        await new Promise<void>((r) => setImmediate(r));
      }
      const transport: Transport = record.topic.startsWith(HTTP_PREFIX) ? 'http' : 'mqtt';
      let topic = transport === 'http' ? record.topic.slice(HTTP_PREFIX.length) : record.topic;
      const oversize = OVERSIZE_PREFIX.exec(topic);
      if (oversize) topic = topic.slice(oversize[0].length);
      const target = parseSensorTopic(topic);
      const reject = (f: DecodeFailure) => {
        letters.push({
          source: transport,
          topic,
          siteKey: target?.site,
          sensorKey: target?.sensor,
          reason: f.reason,
          detail: f.index === undefined ? f.detail : `item ${f.index}: ${f.detail}`,
          // Copied now: the record's bytes are a view the next spool read reuses.
          payload: Buffer.from(record.payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT)),
          payloadBytes: oversize ? Number(oversize[1]) : record.payload.length,
        });
        this.metrics.deadLetters.inc({ reason: f.reason });
        this.metrics.ingestMessages.inc({ transport, result: 'rejected' });
      };
      if (oversize) {
        reject({ reason: 'too_large', detail: `payload is ${oversize[1]} bytes; the limit is ${MAX_PAYLOAD_BYTES}` });
        continue;
      }
      if (!target) {
        reject({ reason: 'unknown_topic', detail: `topic "${topic}" is not hearth/v1/<site>/<sensor>` });
        continue;
      }
      const { accepted, failures } = quarantine(decodePayload(record.payload), record.receivedAt, limits);
      failures.forEach(reject);
      if (accepted.length > 0) decoded.push({ target, messages: accepted });
    }
    const ids = await this.registry.resolveMany(
      decoded.map(({ target, messages }) => ({ site: target.site, sensor: target.sensor, kind: (messages.find((m) => m.type !== 'heartbeat')?.type ?? null) as SensorKind | null })),
    );
    for (const { target, messages } of decoded) {
      const sensorId = ids.get(`${target.site}/${target.sensor}`)!;
      for (const m of messages) {
        rows.push(toRawEventRow(sensorId, m));
        this.noteSeen(sensorId, Date.parse(m.ts), m.type === 'heartbeat' ? (m.battery ?? null) : null);
      }
    }
    return { rows, letters };
  }

  /** Stores a prepared batch. Safe to repeat: the writes are idempotent. */
  private async write({ rows, letters }: PreparedBatch): Promise<void> {
    const end = this.metrics.writeBatchSeconds.startTimer();
    const stored = await this.writer.write(rows);
    end();
    await this.deadLetters.write(letters);
    this.metrics.ingestMessages.inc({ transport: 'all', result: 'stored' }, stored);
    this.metrics.ingestMessages.inc({ transport: 'all', result: 'duplicate' }, rows.length - stored);
  }

  private noteSeen(sensorId: number, at: number, battery: number | null): void {
    const prev = this.seen.get(sensorId);
    if (!prev) {
      this.seen.set(sensorId, { at, battery, batteryAt: battery === null ? null : at });
      return;
    }
    if (at > prev.at) prev.at = at;
    if (battery !== null && (prev.batteryAt === null || at >= prev.batteryAt)) {
      prev.battery = battery;
      prev.batteryAt = at;
    }
  }

  /**
   * When each sensor was last heard from, and its battery, written every few
   * seconds rather than with every batch: it is derived information, and
   * writing it per batch cost more than the readings themselves.
   */
  private async flushSeen(): Promise<void> {
    if (this.seen.size === 0) return;
    const seen = this.seen;
    this.seen = new Map();
    try {
      await this.registry.touch(seen);
    } catch {
      for (const [id, v] of seen) if (!this.seen.has(id)) this.seen.set(id, v);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    // Give the writer a moment to store what is in flight; anything left is replayed at the next start.
    await Promise.race([this.drained(), new Promise((r) => setTimeout(r, 3000).unref())]);
    this.running = false;
    this.wake?.();
    await this.loop;
    clearInterval(this.seenTimer);
    await this.flushSeen();
    this.spool.close();
  }
}
