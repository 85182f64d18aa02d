/**
 * The patrons' poll, for the public page and the staff's floor page: the
 * questions from GET /api/v1/public/sites/<site>/poll turned into a form's
 * groups, the form's choices into an answer to POST, and the results from
 * GET /api/v1/sites/<site>/poll/results into table cells. Pure: no DOM.
 */

export const POLL_DIMENSIONS = ['convenience', 'comfort', 'hospitality', 'quality', 'trust', 'wow'] as const;
export type PollDimension = (typeof POLL_DIMENSIONS)[number];

/** Short names for table headings and summaries. */
export const DIMENSION_LABELS: Record<PollDimension, string> = {
  convenience: 'Convenience',
  comfort: 'Comfort',
  hospitality: 'Hospitality',
  quality: 'Quality',
  trust: 'Trust',
  wow: 'Wow',
};

/** The score scale as patrons read it beside each radio button. */
export const SCORE_LABELS: Record<number, string> = { 1: 'poor', 2: 'fair', 3: 'good', 4: 'very good', 5: 'excellent' };

export interface PollQuestions {
  site: string;
  name: string;
  dimensions: { key: PollDimension; question: string }[];
  zones: { key: string; name: string; floor: string }[];
  floors: { key: string; name: string }[];
  minAnswers: number;
}

export interface PollAnswer {
  zone: string;
  scores: Partial<Record<PollDimension, number>>;
}

/**
 * The answer a form's choices make: the chosen area and each question given
 * a score 1..5 (skipped ones left out). An error message instead when no
 * area is chosen or nothing is scored.
 */
export function pollAnswer(zone: string, choices: Partial<Record<string, string | null>>): PollAnswer | { error: string } {
  if (!zone) return { error: 'Please choose the area you are telling us about.' };
  const scores: Partial<Record<PollDimension, number>> = {};
  for (const d of POLL_DIMENSIONS) {
    const v = Number(choices[d] ?? '');
    if (Number.isInteger(v) && v >= 1 && v <= 5) scores[d] = v;
  }
  if (!Object.keys(scores).length) return { error: 'Please give at least one score from 1 to 5 (you can skip the others).' };
  return { zone, scores };
}

/** The poll's areas grouped by floor, floors in the order given, for the area picker's option groups. */
export function zonesByFloor(q: Pick<PollQuestions, 'zones' | 'floors'>): { floor: string; name: string; zones: { key: string; name: string }[] }[] {
  const groups = q.floors.map((f) => ({ floor: f.key, name: f.name, zones: [] as { key: string; name: string }[] }));
  for (const z of q.zones) {
    let g = groups.find((x) => x.floor === z.floor);
    if (!g) groups.push((g = { floor: z.floor, name: z.floor, zones: [] }));
    g.zones.push({ key: z.key, name: z.name });
  }
  return groups.filter((g) => g.zones.length);
}

/** A zone's poll over a window, as the staff's results endpoint gives it. */
export interface PollZoneResult {
  zone: string;
  name: string;
  floor: string;
  answers: number;
  suppressed: boolean;
  scores: Record<PollDimension, number | null>;
}

export interface PollResults {
  site: string;
  from: string;
  to: string;
  first: string;
  last: string;
  minAnswers: number;
  zones: PollZoneResult[];
}

/** "4.3" for a mean score; "–" for a question too few people scored. */
export const scoreText = (v: number | null): string => (v === null ? '–' : v.toFixed(1));

/**
 * One table row per zone of the floor: name, answers, and the six means, or
 * "too few answers" across the scores when the zone is suppressed.
 */
export function pollRows(results: PollResults, floor: string): { zone: string; name: string; answers: string; cells: string[] | null }[] {
  return results.zones
    .filter((z) => z.floor === floor)
    .map((z) => ({
      zone: z.zone,
      name: z.name,
      answers: z.answers.toLocaleString('en-GB'),
      cells: z.suppressed ? null : POLL_DIMENSIONS.map((d) => scoreText(z.scores[d])),
    }));
}
