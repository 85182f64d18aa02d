import type { DataSource } from 'typeorm';
import { baselineKey, counterDeltas, totalsBefore, type TotalReading } from '@hearth/telemetry';

/** One service day's readings of a site, by kind, as the occupancy builders take them. */
export interface DayReadings {
  desks: { sensor: string; zone: string; t: number; occupied: boolean }[];
  headcounts: { sensor: string; zone: string; t: number; count: number }[];
  /** Per-interval counts (cumulative totals already turned into deltas), per channel. */
  doors: { door: string; t: number; in: number; out: number }[];
  /** Heartbeats: a desk sensor that sent one is known to be working (coverage). */
  heartbeats: { sensor: string; t: number }[];
}

/** How far back a cumulative counter's previous total is looked for. */
const BASELINE_LOOKBACK_MS = 7 * 86_400_000;

/** Loads a site's readings in [from, to). */
export async function loadDayReadings(dataSource: DataSource, siteId: number, from: number, to: number): Promise<DayReadings> {
  const rows: {
    sensor_id: number;
    sensor: string;
    kind: string;
    zone: string | null;
    rollover: string | null;
    t: Date;
    channel: string;
    seq: string;
    in_count: number | null;
    out_count: number | null;
    in_total: string | null;
    out_total: string | null;
    occupied: boolean | null;
    headcount: number | null;
  }[] = await dataSource.query(
    `SELECT e.sensor_id, s.key AS sensor, e.kind, z.key AS zone, s.counter_rollover AS rollover, e.captured_at AS t, e.channel, e.seq,
            e.in_count, e.out_count, e.in_total, e.out_total, e.occupied, e.headcount
     FROM raw_event e JOIN sensor s ON s.id = e.sensor_id LEFT JOIN zone z ON z.id = s.zone_id
     WHERE s.site_id = $1 AND e.captured_at >= $2 AND e.captured_at < $3
     ORDER BY e.captured_at, s.key, e.channel, e.seq`,
    [siteId, new Date(from), new Date(to)],
  );
  const out: DayReadings = { desks: [], headcounts: [], doors: [], heartbeats: [] };
  const totals = new Map<string, { sensorId: number; door: string; channel: string; rollover: number | null; readings: TotalReading[] }>();
  for (const r of rows) {
    const t = r.t.getTime();
    if (r.kind === 'heartbeat') out.heartbeats.push({ sensor: r.sensor, t });
    else if (r.kind === 'desk' && r.zone !== null && r.occupied !== null) out.desks.push({ sensor: r.sensor, zone: r.zone, t, occupied: r.occupied });
    else if (r.kind === 'zone' && r.zone !== null && r.headcount !== null) out.headcounts.push({ sensor: r.sensor, zone: r.zone, t, count: r.headcount });
    else if (r.kind === 'door') {
      if (r.in_count !== null) out.doors.push({ door: r.sensor, t, in: r.in_count, out: r.out_count ?? 0 });
      else if (r.in_total !== null) {
        const key = baselineKey(r.sensor_id, r.channel);
        let series = totals.get(key);
        if (!series) totals.set(key, (series = { sensorId: r.sensor_id, door: r.sensor, channel: r.channel, rollover: r.rollover === null ? null : Number(r.rollover), readings: [] }));
        series.readings.push({ capturedAt: r.t, seq: Number(r.seq), inTotal: Number(r.in_total), outTotal: Number(r.out_total ?? 0) });
      }
    }
  }
  // The last total before the window (within a week) is the baseline of the window's first delta.
  const baselines = await totalsBefore(dataSource, [...totals.values()], new Date(from), new Date(from - BASELINE_LOOKBACK_MS));
  for (const [key, series] of totals) {
    const door = series.door;
    const prev = baselines.get(key);
    const readings = prev ? [prev, ...series.readings] : series.readings;
    for (const d of counterDeltas(readings, series.rollover)) {
      if (d.capturedAt.getTime() < from || d.inCount === null) continue;
      out.doors.push({ door, t: d.capturedAt.getTime(), in: d.inCount, out: d.outCount ?? 0 });
    }
  }
  out.doors.sort((a, b) => a.t - b.t || (a.door < b.door ? -1 : 1));
  return out;
}
