import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { concatMap, filter, finalize, interval, map, merge, of, shareReplay, Subject, throttleTime, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { READINGS_CHANNEL } from '@hearth/telemetry';
import { OccupancyService } from './occupancy.service.js';
import { SiteModelService } from './site-model.service.js';

const RECONNECT_MS = 2000;
/** Live occupancy is recomputed at most this often per site, and at least every HEARTBEAT_MS. */
const THROTTLE_MS = 300;
const HEARTBEAT_MS = 30_000;

type LiveOccupancy = Awaited<ReturnType<OccupancyService['live']>>;

/**
 * Which sites have new readings, as they are stored: one connection LISTENs
 * on the ingest's notification channel, so live views in this process hear
 * of readings stored by any ingest process. Live occupancy is recomputed once
 * per site for all the views watching it.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(LiveFeed.name);
  private readonly sites = new Subject<string>();
  private readonly watched = new Map<string, Observable<LiveOccupancy>>();
  private client: PoolClient | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly occupancy: OccupancyService,
    private readonly models: SiteModelService,
  ) {}

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

  /**
   * A site's live occupancy: at once (the latest, for a view that joins late),
   * whenever its readings are stored, and every 30 s. One computation per
   * site, shared by every subscriber, stopped when the last one leaves.
   */
  occupancy$(site: string): Observable<LiveOccupancy> {
    let stream = this.watched.get(site);
    if (!stream) {
      const changes = this.sites.pipe(
        filter((s) => s === site),
        map(() => undefined),
        throttleTime(THROTTLE_MS, undefined, { leading: true, trailing: true }),
      );
      stream = merge(of(undefined), changes, interval(HEARTBEAT_MS)).pipe(
        concatMap(async () => this.occupancy.live(await this.models.get(site))),
        finalize(() => this.watched.delete(site)),
        shareReplay({ bufferSize: 1, refCount: true }),
      );
      this.watched.set(site, stream);
    }
    return stream;
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
