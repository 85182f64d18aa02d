import { beforeAfter, weeklySignal, type BeforeAfter } from './before-after.js';
import { addDays } from '../calendar/site-calendar.js';
import { at, hourlyRun, testSite } from './test-buckets.js';

/**
 * The quiet floor (10 seats, open every day 09:00-17:00 UTC) was re-laid
 * out on Wednesday 18 March 2026. Each week is steady all week; the layout
 * day itself was chaos (10 people all day), which must not count.
 */
const everyDay = ['09:00-17:00'];
const site = testSite({ openingHours: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay } });
const floor = [{ zone: 'quiet', capacity: 10 }];
const day = (date: string, occupancy: number, arrivals: number) => hourlyRun('quiet', at(`${date}T09:00`), Array.from({ length: 8 }, () => occupancy), { arrivals: [arrivals] });
const week = (first: string, occupancy: number, arrivals: number) => Array.from({ length: 7 }, (_, i) => day(addDays(first, i), occupancy, arrivals)).flat();

describe('before and after a layout change', () => {
  const buckets = [
    ...week('2026-03-04', 4, 20),
    ...week('2026-03-11', 4.4, 22),
    ...day('2026-03-18', 10, 99),
    ...week('2026-03-19', 6, 30),
    ...week('2026-03-26', 5.6, 28),
  ];
  const r = beforeAfter(site, buckets, floor, { changeDate: '2026-03-18', weeks: 2 }) as BeforeAfter;

  it('did the new layout fill the floor? two weeks either side, the change day left out', () => {
    expect(r.empty).toBe(false);
    expect(r.before).toEqual({ first: '2026-03-04', last: '2026-03-17' });
    expect(r.after).toEqual({ first: '2026-03-19', last: '2026-04-01' });
    // After: (6 + 5.6) / 2 = 5.8 people of 10; before (4 + 4.4) / 2 = 4.2. The change day's 10 is in neither.
    expect(r.comparison.utilisation.current).toBeCloseTo(0.58, 12);
    expect(r.comparison.utilisation.baseline).toBeCloseTo(0.42, 12);
    expect(r.comparison.peak).toMatchObject({ current: 6, baseline: 4.4 });
    expect(r.comparison.arrivalsPerDay).toMatchObject({ current: 29, baseline: 21 });
    expect(r.weekly.before.map((w) => w.first)).toEqual(['2026-03-04', '2026-03-11']);
    expect(r.weekly.before[0]!.utilisation).toBeCloseTo(0.4, 12);
    expect(r.weekly.before[1]!.utilisation).toBeCloseTo(0.44, 12);
  });

  it('is the shift larger than weeks normally differ?', () => {
    // Weekly utilisation: before 0.40, 0.44 (mean 0.42); after 0.60, 0.56 (mean 0.58); difference 0.16.
    // Squared deviations: 0.02² × 2 on each side, pooled variance (0.0008 + 0.0008) / (2 + 2 − 2) = 0.0008,
    // spread √0.0008 ≈ 0.028284; standard error 0.028284 × √(1/2 + 1/2) = 0.028284; ratio ≈ 5.657.
    const u = r.signal.utilisation;
    expect(u.difference).toBeCloseTo(0.16, 12);
    expect(u.spread).toBeCloseTo(Math.sqrt(0.0008), 12);
    expect(u.standardError).toBeCloseTo(Math.sqrt(0.0008), 12);
    expect(u.ratio).toBeCloseTo(0.16 / Math.sqrt(0.0008), 9);
    expect(u.verdict).toBe('exceeds-weekly-noise');
    // Arrivals per day: before 20, 22; after 30, 28: difference 8, spread √((2 + 2) / 2) = √2, ratio 8 / √2.
    expect(r.signal.arrivalsPerDay.difference).toBe(8);
    expect(r.signal.arrivalsPerDay.ratio).toBeCloseTo(8 / Math.SQRT2, 12);
  });

  it('a small shift amid noisy weeks stays within the weekly noise', () => {
    // Weekly utilisation before 0.40, 0.50, 0.30, 0.44 (mean 0.41), after 0.45, 0.35, 0.50, 0.42 (mean 0.43).
    // Squared deviations: before 0.0001 + 0.0081 + 0.0121 + 0.0009 = 0.0212, after 0.0004 + 0.0064 + 0.0049 + 0.0001 = 0.0118;
    // pooled variance 0.033 / 6 = 0.0055; standard error √0.0055 × √(1/4 + 1/4) ≈ 0.052440; ratio 0.02 / 0.052440 ≈ 0.381.
    const levels = [4, 5, 3, 4.4, 4.5, 3.5, 5, 4.2];
    const firsts = ['2026-02-18', '2026-02-25', '2026-03-04', '2026-03-11', '2026-03-19', '2026-03-26', '2026-04-02', '2026-04-09'];
    const noisy = firsts.flatMap((first, i) => week(first, levels[i]!, 20));
    const n = beforeAfter(site, noisy, floor, { changeDate: '2026-03-18', weeks: 4 }) as BeforeAfter;
    expect(n.signal.utilisation.difference).toBeCloseTo(0.02, 12);
    expect(n.signal.utilisation.standardError).toBeCloseTo(Math.sqrt(0.0055 / 2), 12);
    expect(n.signal.utilisation.ratio).toBeCloseTo(0.02 / Math.sqrt(0.0055 / 2), 9);
    expect(n.signal.utilisation.verdict).toBe('within-weekly-noise');
    // Arrivals were 20 every day throughout: no difference and no spread.
    expect(n.signal.arrivalsPerDay).toMatchObject({ difference: 0, spread: 0, ratio: 0, verdict: 'within-weekly-noise' });
  });

  it('one week a side is too little to judge', () => {
    const one = beforeAfter(site, buckets, floor, { changeDate: '2026-03-18', weeks: 1 }) as BeforeAfter;
    expect(one.comparison.utilisation.change).toBeCloseTo(0.6 - 0.44, 12);
    expect(one.signal.utilisation).toMatchObject({ beforeWeeks: 1, afterWeeks: 1, ratio: null, verdict: 'insufficient-data' });
  });

  it('a week without data is skipped, not counted as empty', () => {
    // Weekly values with a gap: before 0.4 and (none), after 0.6 and 0.56.
    expect(weeklySignal([0.4, null], [0.6, 0.56])).toMatchObject({ beforeWeeks: 1, afterWeeks: 2, verdict: 'insufficient-data' });
    expect(weeklySignal([0.4, null], [0.6, 0.56]).difference).toBeCloseTo(0.18, 12);
  });

  it('says which side has no data', () => {
    const none = beforeAfter(site, week('2026-03-19', 6, 30), floor, { changeDate: '2026-03-18', weeks: 1 });
    expect(none).toMatchObject({ empty: true, reason: 'no-data' });
    expect(none.empty && none.detail).toMatch(/weeks before the change/);
  });
});
