import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deskPersonas, deskSessions, profileLayout, serviceDateOf, serviceDay } from '@hearth/analytics';
import { HearthError } from '@hearth/common';
import type { SiteModel } from './site-model.service.js';
import type { Window } from './window.js';

const MAX_DAYS = 92;
const TTL_MS = 10 * 60_000;

/**
 * Visit profiles: personas clustered from desk sessions (aggregate; a session
 * is a desk's occupied stretch, never a person). Sessions come from the raw
 * desk readings of the window, so results are cached per site and window.
 */
@Injectable()
export class ProfilesService {
  private readonly cache = new Map<string, { at: number; result: unknown }>();

  constructor(private readonly dataSource: DataSource) {}

  async personas(model: SiteModel, window: Window) {
    if (window.to - window.from > MAX_DAYS * 86_400_000) throw new HearthError('INVALID_INPUT', `profiles are computed over at most ${MAX_DAYS} days`);
    const siteKey = model.file.site.id;
    const key = `${siteKey}|${window.from}|${window.to}|${model.version}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.result;
    const rows: { sensor: string; zone: string; t: Date; occupied: boolean }[] = await this.dataSource.query(
      `SELECT s.key AS sensor, z.key AS zone, e.captured_at AS t, e.occupied FROM raw_event e JOIN sensor s ON s.id = e.sensor_id JOIN zone z ON z.id = s.zone_id
       WHERE s.site_id = $1 AND e.kind = 'desk' AND e.captured_at >= $2 AND e.captured_at < $3`,
      [model.id, new Date(window.from), new Date(window.to)],
    );
    const site = model.file.site;
    const sessions = deskSessions(
      rows.map((r) => ({ sensor: r.sensor, zone: r.zone, t: r.t.getTime(), occupied: r.occupied })),
      { dayEnd: (t) => serviceDay(site, serviceDateOf(site, t)).end, until: window.to },
    );
    const base = { site: siteKey, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), sessions: sessions.length };
    let result: unknown;
    if (sessions.length < 20) result = { ...base, empty: true, reason: `only ${sessions.length} desk sessions in this window; profiles need at least 20` };
    else {
      const { assignment: _assignment, ...profile } = deskPersonas(sessions, site, { layout: profileLayout(model.file) });
      result = { ...base, empty: false, ...profile };
    }
    if (this.cache.size > 100) this.cache.clear();
    this.cache.set(key, { at: Date.now(), result });
    return result;
  }
}
