import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Hearth's Prometheus metrics, in one registry served at /metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly ingestMessages = new Counter({
    name: 'hearth_ingest_messages_total',
    help: 'Sensor messages taken in, by transport and result (stored, duplicate, rejected)',
    labelNames: ['transport', 'result'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'hearth_dead_letters_total',
    help: 'Payloads refused and kept in the dead-letter table, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly writeBatchSeconds = new Histogram({
    name: 'hearth_ingest_write_batch_seconds',
    help: 'Time to write one batch of readings to PostgreSQL',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly brokerConnected = new Gauge({
    name: 'hearth_broker_connected',
    help: '1 while the ingest role is connected to the MQTT broker',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hearth_' });
  }
}
