import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { MetricsService } from '@hearth/observability';
import { DeadLetterWriter, type DeadLetter } from '../dead-letter.writer.js';
import { RawEventWriter, type RawEventRow } from '../raw-event.writer.js';
import { SensorRegistry } from '../sensor-registry.js';
import { decodePayload } from './decode.js';
import { toRawEventRow } from './normalise.js';

export interface AcceptResult {
  accepted: number;
  rejected: { index?: number; reason: string; detail: string }[];
  /** Resolves once the accepted readings are committed to PostgreSQL. */
  committed: Promise<void>;
}

const FLUSH_ROWS = 2000;
const FLUSH_MS = 50;

/**
 * The transport-independent path from a payload to stored rows: decode and
 * validate, resolve the sensor, buffer, and write in batches. Refused
 * payloads (or refused items of a batch) go to the dead-letter table with the
 * reason; the rest are stored.
 */
@Injectable()
export class IngestPipeline implements OnModuleDestroy {
  private readonly log = new Logger(IngestPipeline.name);
  private rows: RawEventRow[] = [];
  private letters: DeadLetter[] = [];
  private seen = new Map<number, { at: Date; battery: number | null }>();
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: SensorRegistry,
    private readonly writer: RawEventWriter,
    private readonly deadLetters: DeadLetterWriter,
    private readonly metrics: MetricsService,
  ) {}

  get pending(): number {
    return this.rows.length;
  }

  async accept(transport: 'mqtt' | 'http', siteKey: string, sensorKey: string, payload: Buffer, topic?: string): Promise<AcceptResult> {
    const { messages, failures } = decodePayload(payload);
    for (const f of failures) {
      this.letters.push({ source: transport, topic, siteKey, sensorKey, reason: f.reason, detail: f.index === undefined ? f.detail : `item ${f.index}: ${f.detail}`, payload });
      this.metrics.deadLetters.inc({ reason: f.reason });
      this.metrics.ingestMessages.inc({ transport, result: 'rejected' });
    }
    if (messages.length > 0) {
      const kind = messages.find((m) => m.type !== 'heartbeat')?.type ?? null;
      const sensor = await this.registry.resolve(siteKey, sensorKey, kind as 'door' | 'desk' | 'zone' | null);
      for (const m of messages) {
        this.rows.push(toRawEventRow(sensor.id, m));
        const at = new Date(m.ts);
        const prev = this.seen.get(sensor.id);
        const battery = m.type === 'heartbeat' ? (m.battery ?? null) : null;
        if (!prev || prev.at < at) this.seen.set(sensor.id, { at, battery: battery ?? prev?.battery ?? null });
      }
    }
    const committed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return { accepted: messages.length, rejected: failures.map((f) => ({ index: f.index, reason: f.reason, detail: f.detail })), committed };
  }

  private schedule(): void {
    if (this.rows.length >= FLUSH_ROWS) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is buffered; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.rows;
    const letters = this.letters;
    const seen = this.seen;
    const waiters = this.waiters;
    this.rows = [];
    this.letters = [];
    this.seen = new Map();
    this.waiters = [];
    this.flushing = this.flushing.then(async () => {
      if (rows.length === 0 && letters.length === 0) {
        waiters.forEach((w) => w.resolve());
        return;
      }
      const end = this.metrics.writeBatchSeconds.startTimer();
      try {
        const stored = await this.writer.write(rows);
        await this.deadLetters.write(letters);
        await this.registry.touch(seen);
        this.metrics.ingestMessages.inc({ transport: 'all', result: 'stored' }, stored);
        this.metrics.ingestMessages.inc({ transport: 'all', result: 'duplicate' }, rows.length - stored);
        waiters.forEach((w) => w.resolve());
      } catch (e) {
        this.log.error({ err: e, rows: rows.length }, 'writing a batch of readings failed');
        waiters.forEach((w) => w.reject(e as Error));
      } finally {
        end();
      }
    });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
