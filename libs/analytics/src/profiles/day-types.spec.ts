import { dayTypeName, dayTypes, type DayArrivals, type DayTypeFacts } from './day-types.js';

/** A day's 24 hourly arrivals from {hour: count}. */
const curve = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, h) => counts[h] ?? 0);

// A term weekday, open 08:00-21:00: 440 arrivals, peaks at 10:00 and 15:00.
const weekday = { 8: 20, 9: 40, 10: 60, 11: 40, 12: 30, 13: 30, 14: 40, 15: 60, 16: 50, 17: 30, 18: 20, 19: 10, 20: 10 };
// A Saturday, open 09:00-17:00: 340 arrivals, peak at 11:00.
const saturday = { 9: 30, 10: 60, 11: 70, 12: 50, 13: 40, 14: 40, 15: 30, 16: 20 };
const double = (c: Record<number, number>) => Object.fromEntries(Object.entries(c).map(([h, n]) => [h, 2 * n]));

const day = (date: string, weekdayKey: DayArrivals['weekday'], counts: Record<number, number>, extra: Partial<DayArrivals> = {}): DayArrivals => ({
  date,
  weekday: weekdayKey,
  dayType: weekdayKey === 'sat' ? 'saturday' : weekdayKey === 'sun' ? 'sunday' : 'weekday',
  inTerm: true,
  inExam: false,
  closedFor: null,
  arrivals: curve(counts),
  ...extra,
});

describe('day types: what kinds of day does the library have?', () => {
  const days: DayArrivals[] = [
    day('2026-09-12', 'sat', saturday),
    day('2026-09-07', 'mon', weekday),
    day('2026-09-08', 'tue', { ...weekday, 10: 70 }),
    day('2026-09-09', 'wed', { ...weekday, 15: 50 }),
    day('2026-09-10', 'thu', double(weekday)),
    day('2026-09-11', 'fri', { ...weekday, 19: 15, 20: 15 }),
    day('2026-09-19', 'sat', { ...saturday, 11: 80 }),
    day('2026-09-13', 'sun', {}),
    day('2026-09-16', 'wed', {}, { closedFor: 'Staff training day' }),
  ];
  const result = dayTypes(days);

  it('separates five term weekdays from two Saturdays and names them', () => {
    expect(result.k).toBe(2);
    expect(result.types.map((t) => [t.name, t.dates])).toEqual([
      ['Term-time weekday', ['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11']],
      ['Saturday', ['2026-09-12', '2026-09-19']],
    ]);
    expect(result.types.map((t) => t.id)).toEqual(['term-time-weekday', 'saturday']);
  });

  it('leaves out closed days and days without arrivals', () => {
    expect(result.skipped).toEqual(['2026-09-13', '2026-09-16']);
  });

  it('keeps the volume: mean arrivals per day and per hour, and the peak hour', () => {
    const [weekdays, saturdays] = result.types;
    // Totals 440, 450, 430, 880 (the busy Thursday, same shape) and 450: mean 2650 / 5 = 530.
    expect(weekdays!.meanVolume).toBe(530);
    // 10:00 averages (60 + 70 + 60 + 120 + 60) / 5 = 74; 15:00 (60 + 60 + 50 + 120 + 60) / 5 = 70.
    expect(weekdays!.meanArrivals[10]).toBeCloseTo(74, 10);
    expect(weekdays!.meanArrivals[15]).toBeCloseTo(70, 10);
    expect(weekdays!.peakHour).toBe(10);
    // Saturdays: 340 and 350; 11:00 averages (70 + 80) / 2 = 75.
    expect(saturdays!.meanVolume).toBe(345);
    expect(saturdays!.meanArrivals[11]).toBe(75);
    expect(saturdays!.peakHour).toBe(11);
  });

  it('reports the mean shape: shares of the day per hour', () => {
    const [, saturdays] = result.types;
    // 09:00 holds 30/340 and 30/350 of the two Saturdays.
    expect(saturdays!.meanShape[9]).toBeCloseTo((30 / 340 + 30 / 350) / 2, 12);
    expect(saturdays!.meanShape.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(saturdays!.meanShape[20]).toBe(0);
  });

  it('reports the calendar facts behind each name', () => {
    expect(result.types[0]!.facts).toEqual({ weekdays: 1, fridays: 0.2, saturdays: 0, sundays: 0, exam: 0, term: 1, outOfTerm: 0 });
  });

  it('tells apart two weekday types of the same season by their peaks', () => {
    const mornings = { 8: 50, 9: 60, 10: 40, 11: 10, 14: 10, 17: 5 };
    const evenings = { 9: 5, 12: 10, 17: 40, 18: 60, 19: 50, 20: 20 };
    const r = dayTypes([
      day('2026-09-07', 'mon', mornings),
      day('2026-09-08', 'tue', { ...mornings, 9: 55 }),
      day('2026-09-09', 'wed', { ...mornings, 10: 45 }),
      day('2026-09-10', 'thu', evenings),
      day('2026-09-11', 'fri', { ...evenings, 18: 65 }),
      day('2026-09-14', 'mon', { ...evenings, 19: 45 }),
      day('2026-09-15', 'tue', { ...mornings, 8: 45 }),
    ]);
    expect(r.types.map((t) => [t.name, t.dates.length])).toEqual([
      ['Term-time weekday, morning peak', 4],
      ['Term-time weekday, evening peak', 3],
    ]);
  });

  it('gives the same types whatever order the days come in', () => {
    expect(dayTypes([...days].reverse())).toEqual(result);
  });
});

describe('day type names from calendar facts', () => {
  const facts = (f: Partial<DayTypeFacts>): DayTypeFacts => ({ weekdays: 0, fridays: 0, saturdays: 0, sundays: 0, exam: 0, term: 0, outOfTerm: 0, ...f });

  it('names weekdays by the time of year most of them share (60 % or more)', () => {
    expect(dayTypeName(facts({ weekdays: 1, exam: 0.7, term: 0.3 }))).toBe('Exam-week weekday');
    expect(dayTypeName(facts({ weekdays: 0.9, outOfTerm: 0.8, term: 0.2 }))).toBe('Out-of-term weekday');
    expect(dayTypeName(facts({ weekdays: 1, term: 0.6, outOfTerm: 0.4 }))).toBe('Term-time weekday');
    expect(dayTypeName(facts({ weekdays: 1, term: 0.5, exam: 0.5 }))).toBe('Weekday');
    expect(dayTypeName(facts({ weekdays: 1, fridays: 0.8, term: 1 }))).toBe('Term-time Friday');
  });

  it('names weekend days, with the season only when it is not ordinary term time', () => {
    expect(dayTypeName(facts({ saturdays: 1, term: 1 }))).toBe('Saturday');
    expect(dayTypeName(facts({ sundays: 0.7, weekdays: 0.3, outOfTerm: 1 }))).toBe('Out-of-term Sunday');
    expect(dayTypeName(facts({ saturdays: 0.4, sundays: 0.4, weekdays: 0.2, exam: 0.6 }))).toBe('Exam-week weekend day');
  });

  it('calls a type with no majority kind of day "Mixed days"', () => {
    expect(dayTypeName(facts({ weekdays: 0.5, saturdays: 0.3, sundays: 0.2 }))).toBe('Mixed days');
  });
});
