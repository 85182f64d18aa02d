import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deskPersonas, profileLayout, serviceDateOf, type DeskSession } from '@hearth/analytics';
import { HearthError } from '@hearth/common';
import { AnswerCache } from './rollup-cache.js';
import type { SiteModel } from './site-model.service.js';
import { spansAtMostDays, type Window } from './window.js';

const MAX_DAYS = 92;

/**
 * Visit profiles: personas clustered from desk sessions (aggregate; a session
 * is a desk's occupied stretch, never a person). Sessions come from their
 * daily rollup; clustering a quarter's sessions takes a while, so answers are
 * kept (AnswerCache) until a day in the window is rolled up again.
 */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: AnswerCache,
  ) {}

  async personas(model: SiteModel, window: Window) {
    if (!spansAtMostDays(window.from, window.to, MAX_DAYS)) throw new HearthError('INVALID_INPUT', `profiles are computed over at most ${MAX_DAYS} days`);
    const site = model.file.site;
    return this.answers.get(model, window, 'profiles', () => this.compute(model, window, serviceDateOf(site, window.from), serviceDateOf(site, window.to - 1)));
  }

  private async compute(model: SiteModel, window: Window, first: string, last: string) {
    const site = model.file.site;
    const keys = new Map([...model.sensorIds].map(([key, id]) => [id, key]));
    const zoneOf = new Map(model.file.floors.flatMap((f) => f.sensors.filter((s) => s.kind === 'desk' && s.zone).map((s) => [s.id, s.zone!] as const)));
    const rows: { sensor_id: number; started_at: Date; ended_at: Date; cut: boolean }[] = await this.dataSource.query(
      `SELECT sensor_id, started_at, ended_at, cut FROM desk_session WHERE service_date BETWEEN $1 AND $2 AND sensor_id = ANY($3) AND started_at >= $4 AND started_at < $5`,
      [first, last, [...model.sensorIds.values()], new Date(window.from), new Date(window.to)],
    );
    const sessions: DeskSession[] = [];
    for (const r of rows) {
      const sensor = keys.get(r.sensor_id);
      const zone = sensor && zoneOf.get(sensor);
      if (zone) sessions.push({ sensor: sensor!, zone, start: r.started_at.getTime(), end: r.ended_at.getTime(), cut: r.cut });
    }
    const base = { site: site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), sessions: sessions.length };
    if (sessions.length < 20) return { ...base, empty: true, reason: `only ${sessions.length} desk sessions in this window; profiles need at least 20` };
    const { assignment: _assignment, ...profile } = deskPersonas(sessions, site, { layout: profileLayout(model.file) });
    return { ...base, empty: false, ...profile };
  }
}
