import { z } from 'zod';
import { serviceDaysBetween, serviceDateOf } from '@hearth/analytics';
import { keySchema, type SiteFile, type ZoneCategory } from '@hearth/contracts';
import { POLL_DIMENSIONS, type PollDimension, type PollEvidence } from '@hearth/recommendations';
import type { Window } from '../window.js';

/**
 * The patrons' poll, the pure parts: the questions, what an answer may hold,
 * the counters an answer adds to, and the published summary of those
 * counters. Patrons score six things they associate with good service, each
 * 1 (poor) to 5 (excellent), any of them skipped; Hearth keeps only counters
 * per zone, service day and dimension, and publishes a mean only where enough
 * people answered (POLL_MIN_ANSWERS).
 */

/** What the public page asks about each dimension, for the zone the patron picked. */
export const POLL_QUESTIONS: Record<PollDimension, string> = {
  convenience: 'Convenience: how easy is it to do what you came here for in this area?',
  comfort: 'Comfort: how comfortable is this area (seats, light, temperature, noise)?',
  hospitality: 'Hospitality: how welcome do you feel here?',
  quality: 'Quality: how good are the furniture, equipment and collections here?',
  trust: 'Trust: how safe and at ease do you feel here, with your things too?',
  wow: 'Wow: how much does this area delight or surprise you?',
};

/** Zone categories without a poll: places people pass through rather than use. */
export const POLL_SKIPPED_CATEGORIES: readonly ZoneCategory[] = ['entrance'];

/**
 * The tally row that counts submissions rather than scores: one per zone and
 * service day, its `answers` the number of people who answered (whatever they
 * scored), its score counts always 0.
 */
export const POLL_ANY = 'any';

/** A zone patrons can answer the poll about. */
export interface PollZone {
  key: string;
  name: string;
  /** The floor's key and name. */
  floor: string;
  floorName: string;
}

/** The zones of a site that have a poll, in the site file's order (floor by floor). */
export function pollZones(file: Pick<SiteFile, 'floors'>): PollZone[] {
  return file.floors.flatMap((f) => f.zones.filter((z) => !POLL_SKIPPED_CATEGORIES.includes(z.category)).map((z) => ({ key: z.id, name: z.name, floor: f.id, floorName: f.name })));
}

const SCORE_RULE = 'must be a whole number from 1 (poor) to 5 (excellent); leave a question out to skip it';
const score = z.number({ message: SCORE_RULE }).int(SCORE_RULE).min(1, SCORE_RULE).max(5, SCORE_RULE).nullable().optional();
const scoreShape = {
  convenience: score,
  comfort: score,
  hospitality: score,
  quality: score,
  trust: score,
  wow: score,
} satisfies Record<PollDimension, typeof score>;

/**
 * One patron's answer: the zone's key and a score for any of the six
 * dimensions (null or left out: skipped), at least one of them. Nothing else
 * is accepted, so no personal detail can ride along.
 */
export const pollAnswerSchema = z.strictObject(
  {
    zone: keySchema,
    scores: z
      .strictObject(scoreShape, {
        error: (issue) => (issue.code === 'unrecognized_keys' ? `the questions are ${POLL_DIMENSIONS.join(', ')}` : 'must be an object of scores, e.g. { "comfort": 4 }'),
      })
      .refine((s) => Object.values(s).some((v) => v !== null && v !== undefined), 'answer at least one question with a score from 1 to 5'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'an answer holds only "zone" and "scores"' : undefined) },
);
export type PollAnswer = z.infer<typeof pollAnswerSchema>;

/** What one answer adds 1 to: the zone's submission count, and each scored dimension's count of that score. */
export function tallyIncrements(scores: PollAnswer['scores']): { dimension: string; score: number }[] {
  const scored = POLL_DIMENSIONS.filter((d) => scores[d] !== null && scores[d] !== undefined).map((d) => ({ dimension: d as string, score: scores[d]! }));
  return [{ dimension: POLL_ANY, score: 0 }, ...scored];
}

/** The counters of one zone and dimension, summed over some service days. */
export interface TallyRow {
  dimension: string;
  answers: number;
  /** How many answers gave score 1, 2, 3, 4 and 5. */
  counts: [number, number, number, number, number];
}

/** A zone's poll over a window, as published. */
export interface PollZoneSummary {
  /** People who answered about the zone in the window. */
  answers: number;
  /** Fewer than the threshold answered: no score is published. */
  suppressed: boolean;
  /** Mean score per dimension (1 decimal); null when suppressed or when fewer than the threshold scored it. */
  scores: Record<PollDimension, number | null>;
}

const noScores = (): Record<PollDimension, number | null> => Object.fromEntries(POLL_DIMENSIONS.map((d) => [d, null])) as Record<PollDimension, number | null>;

/**
 * Summarises one zone's counters: the people who answered, and the mean of
 * each dimension that at least `minAnswers` people scored, to one decimal
 * (precision enough to compare areas, and it blurs what a single answer
 * changes between two overlapping windows). Under `minAnswers` people in all,
 * the zone is suppressed and has no scores.
 */
export function summariseZone(rows: readonly TallyRow[], minAnswers: number): PollZoneSummary {
  const answers = rows.filter((r) => r.dimension === POLL_ANY).reduce((s, r) => s + r.answers, 0);
  const scores = noScores();
  const suppressed = answers < minAnswers;
  if (suppressed) return { answers, suppressed, scores };
  for (const d of POLL_DIMENSIONS) {
    const counts = [0, 0, 0, 0, 0];
    for (const r of rows) if (r.dimension === d) r.counts.forEach((c, i) => (counts[i]! += c));
    const n = counts.reduce((s, c) => s + c, 0);
    if (n < minAnswers) continue;
    const total = counts.reduce((s, c, i) => s + c * (i + 1), 0);
    scores[d] = Math.round((total / n) * 10) / 10;
  }
  return { answers, suppressed, scores };
}

/** What the recommendations read: the summary, or null when it is suppressed or nobody answered. */
export function toEvidence(summary: PollZoneSummary): PollEvidence | null {
  return summary.suppressed || summary.answers === 0 ? null : { answers: summary.answers, scores: summary.scores };
}

/**
 * The service dates a window covers, as the first and last (inclusive): the
 * days that start in [from, to) or, for a window inside one service day,
 * that day. Answers are dated by service day, so a window counts whole days.
 */
export function pollDates(site: SiteFile['site'], window: Window): { first: string; last: string } {
  const starting = [...serviceDaysBetween(site, window.from, window.to)].filter((d) => d.start >= window.from);
  if (!starting.length) {
    const date = serviceDateOf(site, window.from);
    return { first: date, last: date };
  }
  return { first: starting[0]!.date, last: starting.at(-1)!.date };
}
