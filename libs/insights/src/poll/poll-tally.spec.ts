import fs from 'node:fs';
import { parse } from 'yaml';
import { siteFileSchema } from '@hearth/contracts';
import { POLL_DIMENSIONS } from '@hearth/recommendations';
import { POLL_ANY, POLL_QUESTIONS, pollAnswerSchema, pollDates, pollZones, summariseZone, tallyIncrements, toEvidence, type TallyRow } from './poll-tally.js';

const branch = siteFileSchema.parse(parse(fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8')));

/** The counters `n` people leave when each gives `score` to the listed dimensions. */
function tally(people: { n: number; scores: Partial<Record<string, number>> }[]): TallyRow[] {
  const rows = new Map<string, TallyRow>();
  for (const p of people)
    for (let i = 0; i < p.n; i++)
      for (const inc of tallyIncrements(p.scores)) {
        const row = rows.get(inc.dimension) ?? { dimension: inc.dimension, answers: 0, counts: [0, 0, 0, 0, 0] };
        row.answers += 1;
        if (inc.score) row.counts[inc.score - 1]! += 1;
        rows.set(inc.dimension, row);
      }
  return [...rows.values()];
}

describe('the poll questions', () => {
  it('ask about the six dimensions, and only about areas people use (not entrances)', () => {
    expect(Object.keys(POLL_QUESTIONS)).toEqual([...POLL_DIMENSIONS]);
    expect(pollZones(branch)).toEqual([
      { key: 'quiet', name: 'Quiet study', floor: 'ground', floorName: 'Ground floor' },
      { key: 'cafe', name: 'Cafe', floor: 'ground', floorName: 'Ground floor' },
    ]);
  });
});

describe('an answer', () => {
  const issues = (body: unknown) => {
    const r = pollAnswerSchema.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes a zone and any of the six scores, skipped ones left out or null', () => {
    expect(pollAnswerSchema.parse({ zone: 'cafe', scores: { comfort: 4, wow: null } })).toEqual({ zone: 'cafe', scores: { comfort: 4, wow: null } });
    expect(issues({ zone: 'cafe', scores: { convenience: 1, comfort: 2, hospitality: 3, quality: 4, trust: 5, wow: 5 } })).toEqual([]);
  });

  it('refuses scores outside 1..5, fractions and text, saying what a score is', () => {
    for (const bad of [0, 6, 2.5, '4', -1]) expect(issues({ zone: 'cafe', scores: { comfort: bad } })).toEqual([expect.stringMatching(/^scores\.comfort: must be a whole number from 1 \(poor\) to 5 \(excellent\)/)]);
  });

  it('needs at least one score, and nothing but a zone and scores', () => {
    expect(issues({ zone: 'cafe', scores: {} })).toEqual(['scores: answer at least one question with a score from 1 to 5']);
    expect(issues({ zone: 'cafe', scores: { comfort: null } })).toEqual(['scores: answer at least one question with a score from 1 to 5']);
    expect(issues({ zone: 'cafe', scores: { comfort: 3, noise: 2 } })).toEqual([expect.stringMatching(/^scores: the questions are convenience, comfort, hospitality, quality, trust, wow/)]);
    expect(issues({ zone: 'cafe', scores: { comfort: 3 }, email: 'someone@example.org' })).toEqual([': an answer holds only "zone" and "scores"']);
    expect(issues({ zone: 'Not A Key', scores: { comfort: 3 } })).toEqual([expect.stringMatching(/^zone: must be 1-63 characters/)]);
    expect(issues({ zone: 'cafe' })).toEqual([expect.stringMatching(/^scores: must be an object of scores/)]);
  });

  it('adds to the submission count and to one score count per scored dimension', () => {
    expect(tallyIncrements({ comfort: 4, wow: null, trust: 1 })).toEqual([
      { dimension: POLL_ANY, score: 0 },
      { dimension: 'comfort', score: 4 },
      { dimension: 'trust', score: 1 },
    ]);
  });
});

describe('a zone summary', () => {
  it('is suppressed, without scores, below the threshold of people who answered', () => {
    const s = summariseZone(tally([{ n: 2, scores: { comfort: 5, wow: 5 } }]), 3);
    expect(s).toEqual({ answers: 2, suppressed: true, scores: { convenience: null, comfort: null, hospitality: null, quality: null, trust: null, wow: null } });
    expect(toEvidence(s)).toBeNull();
  });

  it('counts people, not scores: six scores from one person are one answer', () => {
    expect(summariseZone(tally([{ n: 1, scores: { convenience: 1, comfort: 2, hospitality: 3, quality: 4, trust: 5, wow: 5 } }]), 2)).toMatchObject({ answers: 1, suppressed: true });
  });

  it('gives each dimension scored by enough people its mean to one decimal, and null to the others', () => {
    // Comfort: 4, 4, 5 → 4.33; trust: 1, 2, 2 → 1.67; wow scored by one person only.
    const rows = tally([
      { n: 2, scores: { comfort: 4, trust: 2 } },
      { n: 1, scores: { comfort: 5, trust: 1, wow: 5 } },
    ]);
    const s = summariseZone(rows, 3);
    expect(s).toEqual({ answers: 3, suppressed: false, scores: { convenience: null, comfort: 4.3, hospitality: null, quality: null, trust: 1.7, wow: null } });
    expect(toEvidence(s)).toEqual({ answers: 3, scores: s.scores });
  });

  it('sums the same dimension over several days', () => {
    const day1: TallyRow[] = [
      { dimension: POLL_ANY, answers: 2, counts: [0, 0, 0, 0, 0] },
      { dimension: 'quality', answers: 2, counts: [0, 0, 2, 0, 0] },
    ];
    const day2: TallyRow[] = [
      { dimension: POLL_ANY, answers: 1, counts: [0, 0, 0, 0, 0] },
      { dimension: 'quality', answers: 1, counts: [0, 0, 0, 0, 1] },
    ];
    expect(summariseZone([...day1, ...day2], 3).scores.quality).toBe(3.7);
    expect(summariseZone([...day1, ...day2], 4)).toMatchObject({ answers: 3, suppressed: true });
  });

  it('has no evidence without answers', () => {
    const s = summariseZone([], 1);
    expect(s).toMatchObject({ answers: 0, suppressed: true });
    expect(toEvidence(s)).toBeNull();
  });
});

describe('the service dates of a window', () => {
  const at = (iso: string) => Date.parse(iso);

  it('are the days starting in it: a week from midnight to midnight is those seven dates', () => {
    // Branch's service day starts at 05:00 London time; midnight of 9 Nov is still 8 Nov's service day.
    expect(pollDates(branch.site, { from: at('2026-11-09T00:00:00Z'), to: at('2026-11-16T00:00:00Z') })).toEqual({ first: '2026-11-09', last: '2026-11-15' });
  });

  it('are the one day a window inside a service day falls on', () => {
    expect(pollDates(branch.site, { from: at('2026-11-09T10:00:00Z'), to: at('2026-11-09T12:00:00Z') })).toEqual({ first: '2026-11-09', last: '2026-11-09' });
    expect(pollDates(branch.site, { from: at('2026-11-10T02:00:00Z'), to: at('2026-11-10T03:00:00Z') })).toEqual({ first: '2026-11-09', last: '2026-11-09' });
  });

  it('follow the site\'s clock across a change to summer time', () => {
    // London moves to BST on 29 March 2026: dates at local midnight still give whole days.
    expect(pollDates(branch.site, { from: at('2026-03-28T00:00:00Z'), to: at('2026-03-30T23:00:00Z') })).toEqual({ first: '2026-03-28', last: '2026-03-30' });
  });
});
