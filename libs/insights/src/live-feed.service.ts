import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { filter, map, Subject, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { READINGS_CHANNEL } from '@hearth/telemetry';

const RECONNECT_MS = 2000;

/**
 * Which sites have new readings, as they are stored: one connection LISTENs
 * on the ingest's notification channel, so live views in this process hear
 * of readings stored by any ingest process.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(LiveFeed.name);
  private readonly sites = new Subject<string>();
  private client: PoolClient | undefined;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    client?.release(true);
    this.sites.complete();
  }

  /** Emits each time readings of the site are stored. */
  changes(site: string): Observable<void> {
    return this.sites.pipe(
      filter((s) => s === site),
      map(() => undefined),
    );
  }

  private async listen(): Promise<void> {
    try {
      const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master;
      const client = await pool.connect();
      client.on('notification', (n) => {
        if (n.payload) this.sites.next(n.payload);
      });
      client.on('error', (err) => {
        this.log.warn({ err: err.message }, 'the live feed lost its database connection; reconnecting');
        client.release(true);
        this.client = undefined;
        this.retry();
      });
      await client.query(`LISTEN ${READINGS_CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'the live feed could not listen for readings; retrying');
      this.retry();
    }
  }

  private retry(): void {
    if (!this.stopped) setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }
}
