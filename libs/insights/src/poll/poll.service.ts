import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceDateOf } from '@hearth/analytics';
import { HearthError } from '@hearth/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { POLL_DIMENSIONS, type PollDimension, type PollEvidence } from '@hearth/recommendations';
import { SiteModelService, type SiteModel } from '../site-model.service.js';
import type { Window } from '../window.js';
import { POLL_QUESTIONS, pollDates, pollZones, summariseZone, tallyIncrements, toEvidence, type PollAnswer, type PollZone, type TallyRow } from './poll-tally.js';
import { TokenBuckets } from './token-bucket.js';

/** Answers a site takes per minute at most (per process), with a burst of as many. */
export const POLL_ANSWERS_PER_MINUTE = 60;

/** The poll as the public page asks it. */
export interface PollQuestions {
  site: string;
  name: string;
  dimensions: { key: PollDimension; question: string }[];
  /** Zones with a poll: key, name and floor key. */
  zones: { key: string; name: string; floor: string }[];
  /** The floors those zones are on, in order. */
  floors: { key: string; name: string }[];
  /** POLL_MIN_ANSWERS: scores are published only from this many answers. */
  minAnswers: number;
}

/** A zone's poll over a window, for the library's staff. */
export interface PollZoneResult {
  zone: string;
  name: string;
  floor: string;
  /** People who answered in the window, shown to staff even under the threshold (a count says nothing about what anyone answered). */
  answers: number;
  suppressed: boolean;
  scores: Record<PollDimension, number | null>;
}

export interface PollResults {
  site: string;
  from: string;
  to: string;
  /** The service dates counted, inclusive. */
  first: string;
  last: string;
  minAnswers: number;
  zones: PollZoneResult[];
}

/** Thrown when a site's answers come in faster than POLL_ANSWERS_PER_MINUTE. */
export class PollBusyError extends Error {
  constructor() {
    super('a great many answers are arriving just now: please try again in a minute');
    this.name = 'PollBusyError';
  }
}

/**
 * The patrons' anonymous poll: the questions for the public page, answers
 * added to per-zone, per-day counters, and the results for staff and for the
 * recommendations. An answer is one upsert that adds 1 to counters; nothing
 * identifying the person who answered is received, logged or kept, and the
 * flood guard counts answers per site only.
 */
@Injectable()
export class PollService {
  private readonly guard = new TokenBuckets(POLL_ANSWERS_PER_MINUTE, POLL_ANSWERS_PER_MINUTE);

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly dataSource: DataSource,
    private readonly sites: SiteModelService,
  ) {}

  private get minAnswers(): number {
    return this.config.poll.minAnswers;
  }

  async questions(siteKey: string): Promise<PollQuestions> {
    const model = await this.sites.get(siteKey);
    const zones = pollZones(model.file);
    return {
      site: model.file.site.id,
      name: model.file.site.name,
      dimensions: POLL_DIMENSIONS.map((key) => ({ key, question: POLL_QUESTIONS[key] })),
      zones: zones.map((z) => ({ key: z.key, name: z.name, floor: z.floor })),
      floors: model.file.floors.filter((f) => zones.some((z) => z.floor === f.id)).map((f) => ({ key: f.id, name: f.name })),
      minAnswers: this.minAnswers,
    };
  }

  /** Adds one answer to the zone's counters for today's service day. */
  async answer(siteKey: string, answer: PollAnswer, now = Date.now()): Promise<void> {
    const model = await this.sites.get(siteKey);
    const zone = pollZones(model.file).find((z) => z.key === answer.zone);
    const zoneId = zone && model.zoneIds.get(zone.key);
    if (zoneId === undefined) throw new HearthError('NOT_FOUND', `"${model.file.site.name}" has no area "${answer.zone}" with a poll`);
    if (!this.guard.take(model.file.site.id, now)) throw new PollBusyError();
    const rows = tallyIncrements(answer.scores);
    await this.dataSource.query(
      `INSERT INTO poll_tally (site_id, zone_id, service_date, dimension, answers, count_1, count_2, count_3, count_4, count_5)
       SELECT $1, $2, $3::date, a.dimension, 1, (a.score = 1)::int, (a.score = 2)::int, (a.score = 3)::int, (a.score = 4)::int, (a.score = 5)::int
       FROM unnest($4::text[], $5::int[]) AS a(dimension, score)
       ON CONFLICT (zone_id, service_date, dimension) DO UPDATE SET
         answers = poll_tally.answers + EXCLUDED.answers,
         count_1 = poll_tally.count_1 + EXCLUDED.count_1, count_2 = poll_tally.count_2 + EXCLUDED.count_2, count_3 = poll_tally.count_3 + EXCLUDED.count_3,
         count_4 = poll_tally.count_4 + EXCLUDED.count_4, count_5 = poll_tally.count_5 + EXCLUDED.count_5`,
      [model.id, zoneId, serviceDateOf(model.file.site, now), rows.map((r) => r.dimension), rows.map((r) => r.score)],
    );
  }

  /** Each poll zone's answers and mean scores over the service days of the window (one floor's zones when `floor` is given). */
  async results(model: SiteModel, window: Window, floor?: string): Promise<PollResults> {
    if (floor !== undefined && !model.file.floors.some((f) => f.id === floor)) throw HearthError.notFound('floor', floor);
    const zones = pollZones(model.file).filter((z) => floor === undefined || z.floor === floor);
    const { first, last, tallies } = await this.tallies(model, zones, window);
    return {
      site: model.file.site.id,
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      first,
      last,
      minAnswers: this.minAnswers,
      zones: zones.map((z) => ({ zone: z.key, name: z.name, floor: z.floor, ...summariseZone(tallies.get(z.key) ?? [], this.minAnswers) })),
    };
  }

  /**
   * The poll as the recommendations read it: every zone of the site, with its
   * answers and mean scores, or null when it has no poll, nobody answered or
   * fewer than POLL_MIN_ANSWERS did.
   */
  async evidence(model: SiteModel, window: Window): Promise<Map<string, PollEvidence | null>> {
    const zones = pollZones(model.file);
    const { tallies } = await this.tallies(model, zones, window);
    const evidence = new Map<string, PollEvidence | null>();
    for (const f of model.file.floors) for (const z of f.zones) evidence.set(z.id, null);
    for (const z of zones) evidence.set(z.key, toEvidence(summariseZone(tallies.get(z.key) ?? [], this.minAnswers)));
    return evidence;
  }

  /** The zones' counters summed over the window's service days, per zone key. */
  private async tallies(model: SiteModel, zones: PollZone[], window: Window): Promise<{ first: string; last: string; tallies: Map<string, TallyRow[]> }> {
    const { first, last } = pollDates(model.file.site, window);
    const ids = zones.map((z) => model.zoneIds.get(z.key)).filter((id) => id !== undefined);
    const rows: { zone_id: number; dimension: string; answers: number; c1: number; c2: number; c3: number; c4: number; c5: number }[] = ids.length
      ? await this.dataSource.query(
          `SELECT zone_id, dimension, sum(answers)::int AS answers, sum(count_1)::int AS c1, sum(count_2)::int AS c2, sum(count_3)::int AS c3, sum(count_4)::int AS c4, sum(count_5)::int AS c5
           FROM poll_tally WHERE zone_id = ANY($1) AND service_date BETWEEN $2::date AND $3::date
           GROUP BY zone_id, dimension`,
          [ids, first, last],
        )
      : [];
    const tallies = new Map<string, TallyRow[]>();
    for (const r of rows) {
      const key = model.zoneKeys.get(r.zone_id);
      if (key === undefined) continue;
      let list = tallies.get(key);
      if (!list) tallies.set(key, (list = []));
      list.push({ dimension: r.dimension, answers: r.answers, counts: [r.c1, r.c2, r.c3, r.c4, r.c5] });
    }
    return { first, last, tallies };
  }
}
