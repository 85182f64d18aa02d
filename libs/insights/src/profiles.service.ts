import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deskPersonas, profileLayout } from '@hearth/analytics';
import { HearthError } from '@hearth/common';
import { readDeskSessions } from './rollup/desk-session-reader.js';
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
    return this.answers.get(model, window, 'profiles', () => this.compute(model, window));
  }

  private async compute(model: SiteModel, window: Window) {
    const site = model.file.site;
    const sessions = await readDeskSessions(this.dataSource, model, window);
    const base = { site: site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), sessions: sessions.length };
    if (sessions.length < 20) return { ...base, empty: true, reason: `only ${sessions.length} desk sessions in this window; profiles need at least 20` };
    const { assignment: _assignment, ...profile } = deskPersonas(sessions, site, { layout: profileLayout(model.file) });
    return { ...base, empty: false, ...profile };
  }
}
