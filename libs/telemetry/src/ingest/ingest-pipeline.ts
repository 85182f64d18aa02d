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

export type Transport = 'mqtt' | 'http';

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
  }

  /** True while the spool has room; the MQTT consumer stops acknowledging when it has none. */
  get hasCapacity(): boolean {
    return !this.spool || this.spool.uncommittedBytes < this.maxBytes;
  }

  /** Writes a received payload to the spool. Synchronous: when it returns, the payload is safe. */
  append(transport: Transport, topic: string, payload: Buffer, receivedAt = Date.now()): SpoolPosition {
    // Too large to accept: keep only what the dead letter will hold, so a flood of huge messages costs no disk or memory.
    if (payload.length > MAX_PAYLOAD_BYTES) {
      topic = `oversize:${payload.length}:${topic}`;
      payload = payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT);
    }
    const end = this.spool.append(receivedAt, transport === 'http' ? HTTP_PREFIX + topic : topic, payload);
    this.wake?.();
    return end;
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

  private async run(): Promise<void> {
    let backoff = 250;
    while (this.running) {
      const records = this.spool.read(this.readPosition, BATCH_RECORDS);
      if (records.length === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 50).unref();
        });
        this.wake = undefined;
        continue;
      }
      try {
        await this.store(records);
        const end = records[records.length - 1]!.end;
        this.readPosition = end;
        this.spool.commit(end);
        if (!this.databaseOk) this.log.log('PostgreSQL is reachable again; catching up');
        this.databaseOk = true;
        backoff = 250;
        this.release();
      } catch (err) {
        if (this.databaseOk) this.log.error({ err: (err as Error).message }, 'storing readings failed; they stay in the spool and will be retried');
        this.databaseOk = false;
        await new Promise((r) => setTimeout(r, backoff).unref());
        backoff = Math.min(backoff * 2, 5000);
      }
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

  /** Decodes, validates and stores a batch of spool records. Safe to repeat: writes are idempotent. */
  private async store(records: { receivedAt: number; topic: string; payload: Buffer }[]): Promise<void> {
    const rows: RawEventRow[] = [];
    const letters: DeadLetter[] = [];
    const seen = new Map<number, { at: Date; battery: number | null }>();
    const limits = { maxAgeMs: this.config.ingest.maxAgeHours * 3600_000, maxFutureMs: this.config.ingest.maxFutureMinutes * 60_000 };
    const decoded: { target: { site: string; sensor: string }; messages: SensorMessage[] }[] = [];
    for (const record of records) {
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
          payload: record.payload,
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
        const at = new Date(m.ts);
        const prev = seen.get(sensorId);
        const battery = m.type === 'heartbeat' ? (m.battery ?? null) : null;
        if (!prev || prev.at < at) seen.set(sensorId, { at, battery: battery ?? prev?.battery ?? null });
      }
    }
    const end = this.metrics.writeBatchSeconds.startTimer();
    const stored = await this.writer.write(rows);
    end();
    await this.deadLetters.write(letters);
    await this.registry.touch(seen);
    this.metrics.ingestMessages.inc({ transport: 'all', result: 'stored' }, stored);
    this.metrics.ingestMessages.inc({ transport: 'all', result: 'duplicate' }, rows.length - stored);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    // Give the writer a moment to store what is in flight; anything left is replayed at the next start.
    await Promise.race([this.drained(), new Promise((r) => setTimeout(r, 3000).unref())]);
    this.running = false;
    this.wake?.();
    await this.loop;
    this.spool.close();
  }
}
