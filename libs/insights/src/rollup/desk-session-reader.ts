import type { DataSource } from 'typeorm';
import { serviceDateOf, type DeskSession } from '@hearth/analytics';
import type { SiteModel } from '../site-model.service.js';
import type { Window } from '../window.js';

/**
 * The rolled-up desk sessions of a site's declared desks that started in the
 * window, each with its desk's key and zone. Times are read as epoch ms in
 * text: cheaper to parse than timestamps, and a year holds many sessions.
 */
export async function readDeskSessions(dataSource: DataSource, model: SiteModel, window: Window): Promise<DeskSession[]> {
  const site = model.file.site;
  const keys = new Map([...model.sensorIds].map(([key, id]) => [id, key]));
  const zoneOf = new Map(model.file.floors.flatMap((f) => f.sensors.filter((s) => s.kind === 'desk' && s.zone).map((s) => [s.id, s.zone!] as const)));
  const rows: { sensor_id: number; started: string; ended: string; cut: boolean }[] = await dataSource.query(
    `SELECT sensor_id, (extract(epoch FROM started_at) * 1000)::int8::text AS started, (extract(epoch FROM ended_at) * 1000)::int8::text AS ended, cut
     FROM desk_session WHERE service_date BETWEEN $1 AND $2 AND sensor_id = ANY($3) AND started_at >= $4 AND started_at < $5`,
    [serviceDateOf(site, window.from), serviceDateOf(site, window.to - 1), [...model.sensorIds.values()], new Date(window.from), new Date(window.to)],
  );
  const sessions: DeskSession[] = [];
  for (const r of rows) {
    const sensor = keys.get(r.sensor_id);
    const zone = sensor && zoneOf.get(sensor);
    if (zone) sessions.push({ sensor: sensor!, zone, start: Number(r.started), end: Number(r.ended), cut: r.cut });
  }
  return sessions;
}
