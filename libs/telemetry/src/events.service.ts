import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HearthError } from '@hearth/common';
import { readingView, type RawEventRecord } from './reading-view.js';
import { baselineKey, totalsBefore } from './counter-baselines.js';
import { counterDeltas, type CounterDelta, type TotalReading } from './counter-deltas.js';

@Injectable()
export class EventsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A sensor's readings in a window, normalised: cumulative door totals come
   * with the per-interval `in`/`out` derived from them (rollovers bridged,
   * resets reported), computed from the readings in time order, so the
   * answer does not depend on the order in which they arrived.
   */
  async forSensor(sensorId: number, from: Date, to: Date, limit: number) {
    const [sensor] = await this.dataSource.query(`SELECT id, key, counter_rollover FROM sensor WHERE id = $1`, [sensorId]);
    if (!sensor) throw HearthError.notFound('sensor', sensorId);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT captured_at, channel, seq, kind, in_count, out_count, in_total, out_total, occupied, headcount, battery_pct, received_at
       FROM raw_event WHERE sensor_id = $1 AND captured_at >= $2 AND captured_at < $3
       ORDER BY captured_at, channel, seq LIMIT $4`,
      [sensorId, from.toISOString(), to.toISOString(), limit + 1],
    );
    const truncated = rows.length > limit;
    const deltas = await this.totalDeltas(sensorId, from, rows.slice(0, limit), sensor.counter_rollover === null ? null : Number(sensor.counter_rollover));
    return {
      sensor: { id: sensor.id, key: sensor.key },
      from: from.toISOString(),
      to: to.toISOString(),
      truncated,
      events: rows.slice(0, limit).map((r) => {
        const e = readingView(r as unknown as RawEventRecord);
        if (r.in_total !== null) {
          const d = deltas.get(`${(r.captured_at as Date).getTime()}/${r.channel}/${r.seq}`);
          if (d) Object.assign(e, { in: d.inCount, out: d.outCount, counter: d.event });
        }
        e.receivedAt = (r.received_at as Date).toISOString();
        return e;
      }),
    };
  }

  /** Deltas of the cumulative readings in `rows`, per channel, using the last reading before the window as baseline. */
  private async totalDeltas(sensorId: number, from: Date, rows: Record<string, unknown>[], rollover: number | null): Promise<Map<string, CounterDelta>> {
    const out = new Map<string, CounterDelta>();
    const byChannel = new Map<string, TotalReading[]>();
    for (const r of rows) {
      if (r.in_total === null) continue;
      const channel = r.channel as string;
      let list = byChannel.get(channel);
      if (!list) byChannel.set(channel, (list = []));
      list.push({ capturedAt: r.captured_at as Date, seq: Number(r.seq), inTotal: Number(r.in_total), outTotal: Number(r.out_total) });
    }
    const baselines = await totalsBefore(this.dataSource, [...byChannel.keys()].map((channel) => ({ sensorId, channel })), from);
    for (const [channel, readings] of byChannel) {
      const baseline = baselines.get(baselineKey(sensorId, channel));
      for (const d of counterDeltas(baseline ? [baseline, ...readings] : readings, rollover)) out.set(`${d.capturedAt.getTime()}/${channel}/${d.seq}`, d);
    }
    return out;
  }

  async siteStats(siteKey: string) {
    const [site] = await this.dataSource.query(`SELECT id, key FROM site WHERE key = $1`, [siteKey]);
    if (!site) throw HearthError.notFound('site', siteKey);
    const sensors: { status: string; n: string }[] = await this.dataSource.query(`SELECT status, count(*) AS n FROM sensor WHERE site_id = $1 GROUP BY status`, [site.id]);
    const events: { kind: string; n: string; first: Date; last: Date }[] = await this.dataSource.query(
      `SELECT e.kind, count(*) AS n, min(e.captured_at) AS first, max(e.captured_at) AS last
       FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.site_id = $1 GROUP BY e.kind ORDER BY e.kind`,
      [site.id],
    );
    const total = events.reduce((a, e) => a + Number(e.n), 0);
    return {
      site: site.key,
      sensors: Object.fromEntries(sensors.map((s) => [s.status, Number(s.n)])),
      events: {
        total,
        first: events.length ? new Date(Math.min(...events.map((e) => e.first.getTime()))).toISOString() : null,
        last: events.length ? new Date(Math.max(...events.map((e) => e.last.getTime()))).toISOString() : null,
        byKind: Object.fromEntries(events.map((e) => [e.kind, Number(e.n)])),
      },
    };
  }

  /** Dead letters filed under a site key (declared or not), counted by reason, with the latest of each. */
  async deadLetters(siteKey: string) {
    const rows: { reason: string; n: string; last: Date }[] = await this.dataSource.query(
      `SELECT reason, count(*) AS n, max(received_at) AS last FROM dead_letter WHERE site_key = $1 GROUP BY reason ORDER BY count(*) DESC, reason`,
      [siteKey],
    );
    return {
      site: siteKey,
      total: rows.reduce((a, r) => a + Number(r.n), 0),
      byReason: rows.map((r) => ({ reason: r.reason, count: Number(r.n), last: r.last.toISOString() })),
    };
  }
}
