import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { withTryLock } from './advisory-lock.js';
import { RepeatingTask } from './repeating-task.js';
import { enforceRetention, type RetentionResult } from './retention.js';

const EVERY_MS = 6 * 3600_000;
/** The first run starts as soon as the process is up, so that a fresh deployment has next month's partition at once. */
const FIRST_MS = 0;
/** One process at a time creates and drops partitions (several API replicas may run). */
const RETENTION_LOCK = 0x48_52_54_4e; // "HRTN"

/**
 * Maintains the raw readings' monthly partitions at start-up and every six
 * hours after: the current month and the next two are created ahead of the
 * readings, and the retention periods (RETENTION_RAW_DAYS,
 * RETENTION_DEAD_LETTER_DAYS) are applied. Runs in the API processes (roles
 * `api` and `all`), one replica at a time.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RetentionService.name);
  private readonly task = new RepeatingTask(
    () => this.runOnce(),
    (err) => this.log.warn({ err: err.message }, 'partition maintenance and retention failed; they are retried'),
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

  /**
   * One run, as of `now`: returns what it did (partitions created and
   * dropped, rows expired), or null when another process was running it.
   * A run that changed anything is logged with that summary.
   */
  async runOnce(now = Date.now()): Promise<RetentionResult | null> {
    const result = await withTryLock(this.dataSource, RETENTION_LOCK, () => enforceRetention(this.dataSource, { ...this.config.retention, now }));
    if (result && (result.createdPartitions.length || result.droppedPartitions.length || result.deadLetters || result.unclaimedReadings)) {
      this.log.log(result, 'partitions maintained and retention applied');
    }
    return result ?? null;
  }
}
