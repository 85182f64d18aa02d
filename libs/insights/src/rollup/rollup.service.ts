import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { nextDate, serviceDateOf, serviceDay, type ServiceDay } from '@hearth/analytics';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { HearthError } from '@hearth/common';
import { withTryLock } from '../advisory-lock.js';
import { RepeatingTask } from '../repeating-task.js';
import { retentionHorizon } from '../retention.js';
import { SiteModelService, type SiteModel } from '../site-model.service.js';
import { computeSiteDay, type SiteDay, type SourcedBucket } from './compute-day.js';
import { loadDayReadings } from './day-readings.js';
import { dayTotals, packHourly, packQuarters } from './hourly.js';

const DAY_MS = 86_400_000;
const WEEKDAY_INDEX = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;
/** Any constant: the key of the advisory lock that lets one process at a time roll up. */
const ROLLUP_LOCK = 0x4845_5254; // "HERT"
const MAX_MARKS_PER_PASS = 200;
/** How far back a rebuild may reach in one request. */
export const MAX_REBUILD_DAYS = 3 * 366;

export interface RollupReport {
  site: string;
  days: number;
  buckets: number;
  ms: number;
}

/**
 * Keeps the rollups current. The ingest writer marks the (site, UTC day)
 * pairs its batches touched; every few seconds one process (an advisory lock
 * elects it) recomputes the service days those marks overlap from the raw
 * readings, replaces their buckets, and clears the marks it handled, unless
 * they were marked again meanwhile. Recomputing a whole day from raw readings
 * makes late and out-of-order readings, replays and rebuilds all give the same
 * result.
 */
@Injectable()
export class RollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RollupService.name);
  private readonly passes = new RepeatingTask(
    () => this.runPass(),
    (err) => this.log.warn({ err: err.message }, 'a rollup pass failed; it is retried'),
  );

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly dataSource: DataSource,
    private readonly sites: SiteModelService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.rollup.intervalMs;
    if (every > 0) this.passes.start(every);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }

  /** One pass over the marks; returns how many service days were recomputed (0 if another process holds the lock). */
  async runPass(): Promise<number> {
    const recomputed = await withTryLock(this.dataSource, ROLLUP_LOCK, async (runner) => {
      // marked_at as text: a JS Date would drop its microseconds, and the mark would never match again.
      const marks: { site_key: string; utc_date: string; marked_at: string }[] = await runner.query(
        `SELECT site_key, to_char(utc_date, 'YYYY-MM-DD') AS utc_date, marked_at::text AS marked_at FROM rollup_mark ORDER BY utc_date, site_key LIMIT ${MAX_MARKS_PER_PASS}`,
      );
      let days = 0;
      const bySite = new Map<string, Set<string>>();
      for (const m of marks) {
        let set = bySite.get(m.site_key);
        if (!set) bySite.set(m.site_key, (set = new Set()));
        set.add(m.utc_date);
      }
      for (const [siteKey, utcDates] of bySite) {
        const model = await this.sites.get(siteKey).catch((e: unknown) => {
          if (e instanceof HearthError && e.code === 'NOT_FOUND') return null; // readings of an undeclared site: nothing to roll up
          throw e;
        });
        if (model) {
          const dates = new Set<string>();
          for (const utc of utcDates) {
            const t0 = Date.parse(`${utc}T00:00:00Z`);
            for (let d = serviceDateOf(model.file.site, t0); d <= serviceDateOf(model.file.site, t0 + DAY_MS - 1); d = nextDate(d)) dates.add(d);
          }
          for (const date of [...dates].sort()) {
            await this.recomputeDay(model, date);
            days++;
          }
        }
      }
      // Cleared unless marked again while it was being recomputed.
      await runner.query(
        `DELETE FROM rollup_mark m USING unnest($1::varchar[], $2::date[], $3::timestamptz[]) AS u(site_key, utc_date, marked_at)
         WHERE m.site_key = u.site_key AND m.utc_date = u.utc_date AND m.marked_at = u.marked_at`,
        [marks.map((m) => m.site_key), marks.map((m) => m.utc_date), marks.map((m) => m.marked_at)],
      );
      return days;
    });
    return recomputed ?? 0;
  }

  /** Recomputes every service day in [from, to] (dates, inclusive) of a site. */
  async rebuild(siteKey: string, from: string, to: string): Promise<RollupReport> {
    const started = Date.now();
    const model = await this.sites.get(siteKey);
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (!(span >= 1) || span > MAX_REBUILD_DAYS) throw new HearthError('INVALID_INPUT', `a rebuild covers 1 to ${MAX_REBUILD_DAYS} days; ${from}..${to} is ${span}`);
    // Past the retention horizon the raw readings are gone: recomputing would erase those days' rollups.
    const horizon = retentionHorizon(this.config.retention.rawDays, Date.now());
    if (horizon !== null && Date.parse(`${from}T00:00:00Z`) < horizon + DAY_MS)
      throw new HearthError('INVALID_INPUT', `raw readings before ${new Date(horizon + DAY_MS).toISOString().slice(0, 10)} are no longer kept (RETENTION_RAW_DAYS=${this.config.retention.rawDays}); rebuilding ${from} would erase its rollups`);
    let buckets = 0;
    let days = 0;
    for (let d = from; d <= to; d = nextDate(d)) {
      buckets += await this.recomputeDay(model, d);
      days++;
    }
    return { site: siteKey, days, buckets, ms: Date.now() - started };
  }

  /** Recomputes one service day of a site from its raw readings and replaces its rollups. */
  async recomputeDay(model: SiteModel, date: string): Promise<number> {
    const day = serviceDay(model.file.site, date);
    const readings = await loadDayReadings(this.dataSource, model.id, day.start, day.end);
    // Today is computed up to now: the rest of the day has no readings yet, not the last state carried on.
    const computed = computeSiteDay(model.file, day, readings, { until: Math.min(day.end, Date.now()) });
    await this.store(model, day, computed);
    return computed.buckets.length;
  }

  private async store(model: SiteModel, day: ServiceDay, { buckets, drift, desks, sessions, dwell, building }: SiteDay): Promise<void> {
    const zoneIds = [...model.zoneIds.values()];
    const rows = buckets.filter((b) => model.zoneIds.has(b.zone));
    const days = new Map<string, { zoneId: number; source: string; buckets: SourcedBucket[] }>();
    for (const b of rows) {
      const k = `${b.zone}/${b.source}`;
      let day = days.get(k);
      if (!day) days.set(k, (day = { zoneId: model.zoneIds.get(b.zone)!, source: b.source, buckets: [] }));
      day.buckets.push(b);
    }
    const openMs = day.windows.reduce((s, w) => s + (w.close - w.open), 0);
    await this.dataSource.transaction(async (em) => {
      await em.query('DELETE FROM zone_day WHERE zone_id = ANY($1) AND service_date = $2', [zoneIds, day.date]);
      const entries = [...days.values()];
      const totals = entries.map((e) => dayTotals(e.buckets));
      if (entries.length > 0) {
        await em.query(
          `INSERT INTO zone_day (zone_id, source, service_date, day_start, weekday, in_term, in_exam, closed, open_ms, covered_ms, mean, peak, arrivals, departures, hourly, quarters)
           SELECT z, s, $3::date, $4::timestamptz, $5::smallint, $6::bool, $7::bool, $8::bool, $9::int, c, m, p, a, d, h, q
           FROM unnest($1::int[], $2::varchar[], $10::int[], $11::real[], $12::real[], $13::real[], $14::real[], $15::bytea[], $16::bytea[]) AS u(z, s, c, m, p, a, d, h, q)`,
          [
            entries.map((e) => e.zoneId),
            entries.map((e) => e.source),
            day.date,
            new Date(day.start),
            WEEKDAY_INDEX[day.weekday],
            day.inTerm,
            day.inExam,
            day.closedFor !== null,
            openMs,
            totals.map((t) => Math.round(t.coveredMs)),
            totals.map((t) => t.mean),
            totals.map((t) => t.peak),
            totals.map((t) => t.arrivals),
            totals.map((t) => t.departures),
            entries.map((e) => packHourly(e.buckets, day.start, day.end)),
            entries.map((e) => packQuarters(e.buckets, day.start, day.end)),
          ],
        );
      }
      await em.query('DELETE FROM desk_day WHERE service_date = $1 AND sensor_id = ANY($2)', [day.date, [...model.sensorIds.values()]]);
      const deskRows = desks.filter((d) => model.sensorIds.has(d.desk));
      if (deskRows.length > 0) {
        await em.query(
          `INSERT INTO desk_day (sensor_id, service_date, occupied_open_ms, sessions, occupied_by_hour)
           SELECT s, $2::date, o, n, ($5::int[])[(k - 1) * 24 + 1 : k * 24] FROM unnest($1::int[], $3::int[], $4::int[]) WITH ORDINALITY AS u(s, o, n, k)`,
          [
            deskRows.map((d) => model.sensorIds.get(d.desk)),
            day.date,
            deskRows.map((d) => Math.round(d.occupiedOpenMs)),
            deskRows.map((d) => d.sessions),
            // 24 values per desk, one after another: each row takes its slice.
            deskRows.flatMap((d) => d.occupiedByHour.map((ms) => Math.round(ms / 1000))),
          ],
        );
      }
      await em.query('DELETE FROM desk_session WHERE service_date = $1 AND sensor_id = ANY($2)', [day.date, [...model.sensorIds.values()]]);
      const kept = sessions.filter((x) => model.sensorIds.has(x.sensor));
      if (kept.length > 0) {
        await em.query(
          `INSERT INTO desk_session (sensor_id, service_date, started_at, ended_at, cut) SELECT s, $2::date, a, b, c FROM unnest($1::int[], $3::timestamptz[], $4::timestamptz[], $5::bool[]) AS u(s, a, b, c)`,
          [kept.map((x) => model.sensorIds.get(x.sensor)), day.date, kept.map((x) => new Date(x.start)), kept.map((x) => new Date(x.end)), kept.map((x) => x.cut)],
        );
      }
      await em.query('DELETE FROM zone_dwell WHERE zone_id = ANY($1) AND service_date = $2', [zoneIds, day.date]);
      const dwellRows = dwell.filter((h) => model.zoneIds.has(h.zone));
      if (dwellRows.length > 0) {
        await em.query(
          `INSERT INTO zone_dwell (zone_id, service_date, sessions, cut, total_minutes, histogram) SELECT z, $2::date, n, c, t, h FROM unnest($1::int[], $3::int[], $4::int[], $5::float8[], $6::bytea[]) AS u(z, n, c, t, h)`,
          [
            dwellRows.map((h) => model.zoneIds.get(h.zone)),
            day.date,
            dwellRows.map((h) => h.sessions),
            dwellRows.map((h) => h.cut),
            dwellRows.map((h) => h.totalMinutes),
            dwellRows.map((h) => Buffer.from(h.counts.buffer, h.counts.byteOffset, h.counts.byteLength)),
          ],
        );
      }
      await em.query(
        `INSERT INTO site_day (site_id, service_date, weekday, day_type, in_term, in_exam, closed_for, arrivals, departures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (site_id, service_date) DO UPDATE SET weekday = excluded.weekday, day_type = excluded.day_type, in_term = excluded.in_term, in_exam = excluded.in_exam,
           closed_for = excluded.closed_for, arrivals = excluded.arrivals, departures = excluded.departures, rolled_up_at = clock_timestamp()`,
        [model.id, day.date, WEEKDAY_INDEX[day.weekday], day.dayType, day.inTerm, day.inExam, day.closedFor, building?.arrivals ?? null, building?.departures ?? null],
      );
      const doors = drift.filter((d) => model.sensorIds.has(d.door) && d.date === day.date);
      await em.query('DELETE FROM door_drift WHERE sensor_id = ANY($1) AND service_date = $2', [[...model.sensorIds.values()], day.date]);
      if (doors.length > 0) {
        await em.query(
          `INSERT INTO door_drift (sensor_id, service_date, area, in_total, out_total, residual, drift_share)
           SELECT s, $2::date, a, i, o, r, d FROM unnest($1::int[], $3::varchar[], $4::int[], $5::int[], $6::real[], $7::real[]) AS u(s, a, i, o, r, d)`,
          [doors.map((d) => model.sensorIds.get(d.door)), day.date, doors.map((d) => d.area), doors.map((d) => d.inTotal), doors.map((d) => d.outTotal), doors.map((d) => d.residual), doors.map((d) => d.driftShare)],
        );
      }
    });
  }
}
