import { MAX_PAYLOAD_BYTES, parseSensorTopic, type SensorKind, type SensorMessage } from '@hearth/contracts';
import { DEAD_LETTER_PAYLOAD_LIMIT, DeadLetterWriter, type DeadLetter } from '../dead-letter.writer.js';
import { RawEventWriter, type RawEventRow, type RefusedRow } from '../raw-event.writer.js';
import { SensorRegistry } from '../sensor-registry.js';
import type { SqlClient } from '../sql-client.js';
import { decodePayload, quarantine, type DecodeFailure } from './decode.js';
import { toRawEventRow } from './normalise.js';
import type { SpoolPosition, SpoolReader, SpoolRecord } from './spool.js';
import { VendorFeeds } from './vendor-feeds.js';
import { routeVendorPayload } from './vendor-route.js';

/** The PostgreSQL notification channel on which the ingest announces the sites that have new readings. */
export const READINGS_CHANNEL = 'hearth_readings';

/** Records that arrived over HTTP carry this prefix on their topic in the spool. */
export const HTTP_PREFIX = 'http:';
/** An oversize payload is spooled as its first bytes only, behind `oversize:<bytes>:`. */
export const OVERSIZE_PREFIX = /^oversize:(\d+):/;
const BATCH_RECORDS = 5000;
const SEEN_EVERY_MS = 5000;

export type Transport = 'mqtt' | 'http';

/** What a committed stretch of the spool amounted to, for the metrics. */
export interface DrainStats {
  stored: number;
  duplicates: number;
  rejected: Record<Transport, number>;
  deadLetters: Record<string, number>;
  /** Seconds the INSERT of the readings took. */
  batchSeconds: number;
}

export interface DrainEvents {
  /** Everything before `position` is stored. */
  committed(position: SpoolPosition, stats: DrainStats): void;
  /** PostgreSQL became unreachable (with the error) or reachable again. */
  database(ok: boolean, error?: string): void;
}

export interface DrainOptions {
  reader: SpoolReader;
  sql: SqlClient;
  /** Readings older than this, or further ahead, are quarantined as dead letters. */
  limits: { maxAgeMs: number; maxFutureMs: number };
  events: DrainEvents;
}

/** The readings of one payload bound for one sensor, and where they came from. */
interface DecodedGroup {
  transport: Transport;
  topic: string;
  site: string;
  sensor: string;
  messages: SensorMessage[];
}

interface PreparedBatch {
  end: SpoolPosition;
  rows: RawEventRow[];
  /** For each row, the group and the reading it was made from (a row PostgreSQL refuses becomes a dead letter). */
  origins: DecodedGroup[];
  readings: SensorMessage[];
  letters: DeadLetter[];
  /** The UTC days each site's readings fall on: their rollups must be recomputed. */
  marks: { sites: string[]; days: string[] };
  stats: DrainStats;
}

const DAY_MS = 86_400_000;

const emptyStats = (): DrainStats => ({ stored: 0, duplicates: 0, rejected: { mqtt: 0, http: 0 }, deadLetters: {}, batchSeconds: 0 });

/**
 * Tails the spool into PostgreSQL. It decodes and validates each payload,
 * resolves its sensor, writes each batch with one INSERT ... ON CONFLICT DO
 * NOTHING (duplicates and replays are dropped by the natural key), keeps what
 * failed as dead letters, and only then reports the batch committed. A
 * reading that passes validation but that PostgreSQL refuses (reason
 * `db_rejected`) is set apart from its batch and kept as a dead letter too:
 * only an unreachable database holds the drain back.
 *
 * It runs two batches deep: while one batch is being inserted, the next is
 * read, decoded and resolved, so its own work and PostgreSQL's overlap.
 * Batches are committed strictly in order; after a failure both are read
 * again from the last commit (the writes are idempotent), with back-off.
 *
 * Plain Node, no Nest: the ingest role runs it on a worker thread of its own
 * (spool-drain.worker.ts) so that receiving and storing use both cores.
 */
export class SpoolDrain {
  private readonly registry: SensorRegistry;
  private readonly writer: RawEventWriter;
  private readonly deadLetters: DeadLetterWriter;
  private readonly vendors: VendorFeeds;
  private committedAt: SpoolPosition = 0;
  private readPosition: SpoolPosition = 0;
  private end: SpoolPosition = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private databaseOk = true;
  private seen = new Map<number, { at: number; battery: number | null; batteryAt: number | null }>();
  private seenTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: DrainOptions) {
    this.registry = new SensorRegistry(opts.sql);
    this.writer = new RawEventWriter(opts.sql);
    this.deadLetters = new DeadLetterWriter(opts.sql);
    this.vendors = new VendorFeeds(opts.sql);
  }

  /** Starts draining from the last commit up to `end`, the appender's written end. */
  start(committed: SpoolPosition, end: SpoolPosition): void {
    this.committedAt = this.readPosition = committed;
    this.end = end;
    this.running = true;
    this.loop = this.run();
    this.seenTimer = setInterval(() => void this.flushSeen(), SEEN_EVERY_MS);
  }

  /** The appender wrote more: there is more to drain, up to `end`. */
  extend(end: SpoolPosition): void {
    if (end > this.end) this.end = end;
    this.wake?.();
  }

  /** Finishes the batch in flight, records when sensors were last seen, and stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    clearInterval(this.seenTimer);
    await this.flushSeen();
    this.opts.reader.close();
  }

  private async run(): Promise<void> {
    let backoff = 250;
    let inFlight: { batch: PreparedBatch; write: Promise<void> } | undefined;
    const fail = async (err: unknown) => {
      if (this.databaseOk) this.opts.events.database(false, (err as Error).message);
      this.databaseOk = false;
      this.readPosition = this.committedAt;
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 5000);
    };
    while (this.running || inFlight) {
      let next: PreparedBatch | undefined;
      const readTo = this.end;
      const records = this.running ? this.opts.reader.read(this.readPosition, readTo, BATCH_RECORDS) : [];
      if (records.length > 0) {
        try {
          next = await this.prepare(records);
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
        } catch (err) {
          inFlight = undefined;
          await fail(err);
          continue;
        }
        this.committedAt = inFlight.batch.end;
        if (!this.databaseOk) this.opts.events.database(true);
        this.databaseOk = true;
        backoff = 250;
        this.opts.events.committed(inFlight.batch.end, inFlight.batch.stats);
        inFlight = undefined;
      }
      if (next) {
        const write = this.write(next);
        write.catch(() => undefined); // awaited on the next turn
        inFlight = { batch: next, write };
        continue;
      }
      if (!this.running) break;
      // More was appended while the last batch was being written: its wake-up came and went, so read on now.
      if (this.end > readTo) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
      this.wake = undefined;
    }
  }

  /** Decodes and validates a batch of spool records, resolving their sensors. */
  private async prepare(records: SpoolRecord[]): Promise<PreparedBatch> {
    const stats = emptyStats();
    const rows: RawEventRow[] = [];
    const letters: DeadLetter[] = [];
    const origins: DecodedGroup[] = [];
    const readings: SensorMessage[] = [];
    const decoded: DecodedGroup[] = [];
    for (const record of records) {
      const transport: Transport = record.topic.startsWith(HTTP_PREFIX) ? 'http' : 'mqtt';
      let topic = transport === 'http' ? record.topic.slice(HTTP_PREFIX.length) : record.topic;
      const oversize = OVERSIZE_PREFIX.exec(topic);
      if (oversize) topic = topic.slice(oversize[0].length);
      const target = parseSensorTopic(topic);
      let siteKey = target?.site;
      const reject = (f: DecodeFailure) => {
        letters.push({
          source: transport,
          topic,
          siteKey,
          sensorKey: target?.sensor,
          reason: f.reason,
          detail: f.index === undefined ? f.detail : `item ${f.index}: ${f.detail}`,
          // Copied now: the record's bytes are a view the next spool read reuses.
          payload: Buffer.from(record.payload.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT)),
          payloadBytes: oversize ? Number(oversize[1]) : record.payload.length,
        });
        stats.deadLetters[f.reason] = (stats.deadLetters[f.reason] ?? 0) + 1;
        stats.rejected[transport] += 1;
      };
      if (oversize) {
        reject({ reason: 'too_large', detail: `payload is ${oversize[1]} bytes; the limit is ${MAX_PAYLOAD_BYTES}` });
        continue;
      }
      if (!target) {
        const feed = await this.vendors.find(transport, topic);
        if (!feed) {
          reject({ reason: 'unknown_topic', detail: `topic "${topic}" is not hearth/v1/<site>/<sensor>, and no site's integration takes it` });
          continue;
        }
        siteKey = feed.feeds.site;
        const routed = routeVendorPayload(feed.feeds, feed.integration, record.payload, record.receivedAt, transport === 'mqtt' ? topic : undefined);
        routed.failures.forEach(reject);
        const bySensor = new Map<string, SensorMessage[]>();
        for (const m of routed.messages) {
          const list = bySensor.get(m.sensor);
          if (list) list.push(m.message);
          else bySensor.set(m.sensor, [m.message]);
        }
        for (const [sensor, messages] of bySensor) {
          // PostgreSQL text cannot hold NUL; a sensor key with one would fail the whole batch when the sensor is registered.
          if (sensor.includes('\u0000')) {
            reject({ reason: 'adapter_rejected', detail: `the device id ${JSON.stringify(sensor)} holds a NUL character` });
            continue;
          }
          const { accepted, failures } = quarantine({ messages, indexes: messages.map((_, i) => i), failures: [] }, record.receivedAt, this.opts.limits);
          failures.forEach((f) => reject({ ...f, index: undefined, detail: `${sensor}: ${f.detail}` }));
          if (accepted.length > 0) decoded.push({ transport, topic, site: feed.feeds.site, sensor, messages: accepted });
        }
        continue;
      }
      const { accepted, failures } = quarantine(decodePayload(record.payload), record.receivedAt, this.opts.limits);
      failures.forEach(reject);
      if (accepted.length > 0) decoded.push({ transport, topic, site: target.site, sensor: target.sensor, messages: accepted });
    }
    const ids = await this.registry.resolveMany(
      decoded.map(({ site, sensor, messages }) => ({ site, sensor, kind: (messages.find((m) => m.type !== 'heartbeat')?.type ?? null) as SensorKind | null })),
    );
    // A retired sensor takes no more readings: they are kept as dead letters, for the record, and counted nowhere.
    const retired = await this.registry.retiredAmong([...new Set(ids.values())]);
    const days = new Map<string, Set<number>>();
    for (const group of decoded) {
      const { site, sensor, messages } = group;
      const sensorId = ids.get(`${site}/${sensor}`)!;
      if (retired.has(sensorId)) {
        const payload = Buffer.from(JSON.stringify(messages.length === 1 ? messages[0] : messages));
        letters.push({ source: group.transport, topic: group.topic, siteKey: site, sensorKey: sensor, reason: 'sensor_retired', detail: `${site}/${sensor} is retired: declare it again to take its readings`, payload, payloadBytes: payload.length });
        stats.deadLetters.sensor_retired = (stats.deadLetters.sensor_retired ?? 0) + 1;
        stats.rejected[group.transport] += 1;
        continue;
      }
      let siteDays = days.get(site);
      if (!siteDays) days.set(site, (siteDays = new Set()));
      for (const m of messages) {
        rows.push(toRawEventRow(sensorId, m));
        origins.push(group);
        readings.push(m);
        const t = Date.parse(m.ts);
        if (m.type !== 'heartbeat') siteDays.add(Math.floor(t / DAY_MS));
        this.noteSeen(sensorId, t, m.type === 'heartbeat' ? (m.battery ?? null) : null);
      }
    }
    const marks: PreparedBatch['marks'] = { sites: [], days: [] };
    for (const [site, siteDays] of days) {
      for (const day of siteDays) {
        marks.sites.push(site);
        marks.days.push(new Date(day * DAY_MS).toISOString().slice(0, 10));
      }
    }
    return { end: records[records.length - 1]!.end, rows, origins, readings, letters, marks, stats };
  }

  /**
   * Stores a prepared batch. Safe to repeat: the writes are idempotent. Rows
   * PostgreSQL refuses are stored as dead letters with the rest of the batch's;
   * a failure for any other reason (PostgreSQL unreachable) is thrown, and the
   * batch is read again from the spool and retried.
   */
  private async write(batch: PreparedBatch): Promise<void> {
    const started = performance.now();
    const { stored, refused } = await this.writer.writeIsolating(batch.rows);
    batch.stats.batchSeconds = (performance.now() - started) / 1000;
    await this.markForRollup(batch.marks);
    await this.deadLetters.write(refused.length === 0 ? batch.letters : [...batch.letters, ...refused.map((r) => this.refusedLetter(batch, r))]);
    batch.stats.stored = stored;
    batch.stats.duplicates = batch.rows.length - refused.length - stored;
  }

  /**
   * The dead letter of a reading PostgreSQL refused. Its payload is the
   * reading itself as JSON (the payload it came in may have held others,
   * which are stored): the spool's bytes are no longer at hand here.
   */
  private refusedLetter(batch: PreparedBatch, refused: RefusedRow): DeadLetter {
    const origin = batch.origins[refused.index]!;
    const reading = batch.readings[refused.index]!;
    const payload = Buffer.from(JSON.stringify(reading));
    batch.stats.deadLetters.db_rejected = (batch.stats.deadLetters.db_rejected ?? 0) + 1;
    batch.stats.rejected[origin.transport] += 1;
    return {
      source: origin.transport,
      topic: origin.topic,
      siteKey: origin.site,
      sensorKey: origin.sensor,
      reason: 'db_rejected',
      detail: `PostgreSQL refused the reading of ${reading.ts} (SQLSTATE ${refused.code}): ${refused.message}`,
      payload,
    };
  }

  /**
   * Marks the days the batch touched so the rollups are recomputed, late and
   * replayed readings included. Written with every batch, even one made only
   * of duplicates: after a crash the marking may be what was lost. Then tells
   * listeners (live views, in any process) which sites have new readings, on
   * the `hearth_readings` notification channel.
   */
  private async markForRollup({ sites, days }: PreparedBatch['marks']): Promise<void> {
    if (sites.length === 0) return;
    await this.opts.sql.query(
      `WITH marked AS (
         INSERT INTO rollup_mark (site_key, utc_date) SELECT * FROM unnest($1::varchar[], $2::date[])
         ON CONFLICT (site_key, utc_date) DO UPDATE SET marked_at = clock_timestamp() RETURNING site_key)
       SELECT pg_notify('${READINGS_CHANNEL}', site_key) FROM (SELECT DISTINCT site_key FROM marked) AS s`,
      [sites, days],
    );
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
}
