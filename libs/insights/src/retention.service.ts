import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { withTryLock } from './advisory-lock.js';
import { RepeatingTask } from './repeating-task.js';
import { enforceRetention, type RetentionResult } from './retention.js';

const EVERY_MS = 6 * 3600_000;
const FIRST_MS = 5 * 60_000;
/** One process at a time drops partitions (several API replicas may run). */
const RETENTION_LOCK = 0x48_52_54_4e; // "HRTN"

/** Applies the retention periods (RETENTION_RAW_DAYS, RETENTION_DEAD_LETTER_DAYS) every few hours. */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RetentionService.name);
  private readonly task = new RepeatingTask(
    () => this.runOnce(),
    (err) => this.log.warn({ err: err.message }, 'applying the retention periods failed; it is retried'),
  );

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role !== 'ingest') this.task.start(EVERY_MS, FIRST_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async runOnce(now = Date.now()): Promise<RetentionResult | null> {
    const result = await withTryLock(this.dataSource, RETENTION_LOCK, () => enforceRetention(this.dataSource, { ...this.config.retention, now }));
    if (result && (result.droppedPartitions.length || result.deadLetters || result.unclaimedReadings)) this.log.log(result, 'retention applied');
    return result ?? null;
  }
}
