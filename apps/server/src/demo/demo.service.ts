import fs from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { serviceDateOf } from '@hearth/analytics';
import { RollupService } from '@hearth/insights';
import { ReadinessRegistry } from '@hearth/observability';
import { generateTraffic } from '@hearth/simulation';
import { parseSiteFile, SiteImportService } from '@hearth/spaces';
import { RawEventWriter, toRawEventRow, type RawEventRow } from '@hearth/telemetry';

const BATCH = 5000;

/**
 * The living demo: declares the Riverside Library from its site file, fills in
 * its history (the first time: the configured number of weeks; afterwards
 * only the gap since the last reading), then runs the simulator's live traffic
 * over MQTT through the same ingestion path real sensors use.
 */
@Injectable()
export class DemoService implements OnApplicationShutdown {
  private readonly log = new Logger(DemoService.name);
  private readonly abort = new AbortController();
  private ready = false;

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly importer: SiteImportService,
    private readonly writer: RawEventWriter,
    private readonly dataSource: DataSource,
    private readonly rollups: RollupService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register({ name: 'demo', check: async () => ({ ok: this.ready, detail: this.ready ? undefined : 'loading the demo library and its history' }) });
  }

  async start(brokerUrl: string): Promise<void> {
    const { siteFile, historyWeeks, speed } = this.config.demo;
    const file = parseSiteFile(fs.readFileSync(siteFile, 'utf8'), siteFile);
    const report = await this.importer.import(file);
    this.log.log({ site: file.site.id, unchanged: report.unchanged, zones: report.zones, sensors: report.sensors }, 'demo library declared');

    const now = new Date();
    const earliest = new Date(now.getTime() - historyWeeks * 7 * 86400_000);
    const [{ last }] = await this.dataSource.query(
      `SELECT max(e.captured_at) AS last FROM raw_event e JOIN sensor s ON s.id = e.sensor_id JOIN site ON site.id = s.site_id WHERE site.key = $1 AND e.captured_at >= $2`,
      [file.site.id, earliest.toISOString()],
    );
    const from = last ? new Date(Math.max(new Date(last).getTime(), earliest.getTime())) : earliest;
    if (historyWeeks > 0 && now.getTime() - from.getTime() > 60_000) {
      const started = Date.now();
      const stored = await this.backfill(file.site.id, generateTraffic(file, { from, to: now }));
      this.log.log({ from: from.toISOString(), to: now.toISOString(), stored, ms: Date.now() - started }, 'demo history loaded');
      // The history went straight to the database, past the ingest writer that marks days for rollup.
      const rolled = await this.rollups.rebuild(file.site.id, serviceDateOf(file.site, from.getTime()), serviceDateOf(file.site, now.getTime()));
      this.log.log(rolled, 'demo history rolled up');
      // ...and past the one that notes when each sensor was last heard from and its battery.
      await this.dataSource.query(
        `UPDATE sensor s SET last_seen_at = l.at, battery_pct = COALESCE(l.battery, s.battery_pct)
         FROM (SELECT x.id, (SELECT max(captured_at) FROM raw_event WHERE sensor_id = x.id) AS at,
                 (SELECT battery_pct FROM raw_event WHERE sensor_id = x.id AND battery_pct IS NOT NULL ORDER BY captured_at DESC LIMIT 1) AS battery
               FROM sensor x JOIN site ON site.id = x.site_id WHERE site.key = $1) AS l
         WHERE s.id = l.id AND l.at IS NOT NULL AND (s.last_seen_at IS NULL OR s.last_seen_at < l.at)`,
        [file.site.id],
      );
    }
    this.ready = true;
    if (this.abort.signal.aborted) return;
    if (speed > 1) this.log.warn({ speed }, 'DEMO_SPEED above 1 runs the simulated clock ahead of real time: readings beyond INGEST_MAX_FUTURE_MINUTES are quarantined');
    // Loaded only when the demo runs: production processes never load the simulator.
    const { runLiveSimulation } = await import('../../../simulator/src/live-simulation.js');
    void runLiveSimulation({
      site: file,
      mqttUrl: brokerUrl,
      username: this.config.mqtt.username,
      password: this.config.mqtt.password,
      speed,
      signal: this.abort.signal,
      log: (msg: string, extra?: Record<string, unknown>) => this.log.debug({ ...(extra ?? {}) }, msg),
    }).catch((err: unknown) => this.log.error({ err }, 'the live simulation stopped'));
  }

  private async backfill(siteKey: string, events: Iterable<{ site: string; sensor: string; message: Parameters<typeof toRawEventRow>[1] }>): Promise<number> {
    const ids = new Map<string, number>(
      (await this.dataSource.query(`SELECT s.key, s.id FROM sensor s JOIN site ON site.id = s.site_id WHERE site.key = $1`, [siteKey])).map((r: { key: string; id: number }) => [r.key, r.id]),
    );
    let batch: RawEventRow[] = [];
    let stored = 0;
    for (const e of events) {
      if (this.abort.signal.aborted) break;
      const id = ids.get(e.sensor);
      if (id === undefined) continue;
      batch.push(toRawEventRow(id, e.message));
      if (batch.length >= BATCH) {
        stored += await this.writer.write(batch);
        batch = [];
      }
    }
    stored += await this.writer.write(batch);
    return stored;
  }

  onApplicationShutdown(): void {
    this.abort.abort();
  }
}
