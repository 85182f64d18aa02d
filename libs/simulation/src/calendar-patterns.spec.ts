import { DateTime } from 'luxon';
import { generateTraffic, generateVisits, type SimulatedEvent, type Visit } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';
import { buildSiteModel } from './site-model.js';
import { serviceDaysBetween, type ServiceDay } from '@hearth/analytics';

const site = loadRiverside();
const model = buildSiteModel(site);
const zoneOfDesk = new Map(model.zones.flatMap((z) => z.desks.map((d) => [d.id, z] as const)));
const QUIET = new Set(model.zones.filter((z) => z.category === 'quiet_study').map((z) => z.id));
const YOUNG = new Set(model.zones.filter((z) => z.category === 'teens' || z.category === 'children').map((z) => z.id));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const at = (date: string, clock: string) => DateTime.fromISO(`${date}T${clock}`, { zone: site.site.timeZone }).toMillis();

describe('weekly and seasonal patterns', () => {
  // Eight weeks: autumn term, a closure day, half term (no school), then two exam weeks.
  const window = serviceDays(site, '2026-09-28', '2026-11-22');
  const days = [...serviceDaysBetween(site.site, window.from.getTime(), window.to.getTime())];
  const termWeekdays = days.filter((d) => d.dayType === 'weekday' && d.inTerm && !d.inExam && d.windows.length);
  const examWeekdays = days.filter((d) => d.dayType === 'weekday' && d.inExam);
  const halfTerm = days.filter((d) => d.dayType === 'weekday' && !d.inTerm && d.windows.length);
  /** Desk sessions as reported by the desk sensors: [zone, from, to]. */
  let sessions: [string, number, number][];
  let visits: Visit[];
  let events: SimulatedEvent[];
  beforeAll(() => {
    events = [...generateTraffic(site, { ...window, seed: 21 })];
    visits = [...generateVisits(site, { ...window, seed: 21 })];
    const since = new Map<string, number>();
    sessions = [];
    for (const { sensor, message: m } of events) {
      if (m.type !== 'desk') continue;
      if (m.occupied) since.set(sensor, Date.parse(m.ts));
      else if (since.has(sensor)) sessions.push([zoneOfDesk.get(sensor)!.id, since.get(sensor)!, Date.parse(m.ts)]);
    }
  });

  const occupiedAt = (zones: Set<string>, t: number) => sessions.filter(([z, from, to]) => zones.has(z) && from <= t && t < to).length;
  const meanOccupied = (zones: Set<string>, of: ServiceDay[], clock: string) => mean(of.map((d) => occupiedAt(zones, at(d.date, clock))));
  const deskHours = (zones: Set<string>, day: ServiceDay) =>
    sessions.filter(([z, from]) => zones.has(z) && from >= day.start && from < day.end).reduce((s, [, from, to]) => s + (to - from) / 3_600_000, 0);

  it('has the calendar this scenario needs', () => {
    expect(termWeekdays.length).toBeGreaterThanOrEqual(18);
    expect(examWeekdays).toHaveLength(10);
    expect(halfTerm).toHaveLength(5);
  });

  it('fills the study zones in exam weeks, with longer stays', () => {
    const normal = mean(termWeekdays.map((d) => deskHours(QUIET, d)));
    const exams = mean(examWeekdays.map((d) => deskHours(QUIET, d)));
    expect(exams).toBeGreaterThan(1.3 * normal);
    const stay = (of: ServiceDay[]) =>
      mean(sessions.filter(([z, from]) => QUIET.has(z) && of.some((d) => from >= d.start && from < d.end)).map(([, from, to]) => to - from));
    expect(stay(examWeekdays)).toBeGreaterThan(1.2 * stay(termWeekdays));
    const cramDays = new Set(visits.filter((v) => v.kind === 'exam_cram').map((v) => v.id.slice(0, 10)));
    expect([...cramDays].every((date) => days.find((d) => d.date === date)!.inExam)).toBe(true);
  });

  it('is busier on weekdays than at the weekend, and opens later on Sundays', () => {
    const entries = (of: ServiceDay[]) => mean(of.map((d) => visits.filter((v) => v.arrive.getTime() >= d.start && v.arrive.getTime() < d.end).length));
    const weekdays = entries(days.filter((d) => d.dayType === 'weekday' && d.windows.length && !d.inExam));
    const saturdays = entries(days.filter((d) => d.dayType === 'saturday' && !d.inExam));
    const sundays = entries(days.filter((d) => d.dayType === 'sunday' && !d.inExam));
    expect(weekdays).toBeGreaterThan(1.1 * saturdays);
    expect(saturdays).toBeGreaterThan(1.8 * sundays);
    const sundayMornings = visits.filter((v) => {
      const local = DateTime.fromJSDate(v.arrive, { zone: site.site.timeZone });
      return local.weekday === 7 && local.hour < 12;
    });
    expect(sundayMornings).toEqual([]);
  });

  it('dips at lunchtime in the study zones while the cafe fills', () => {
    const late = meanOccupied(QUIET, termWeekdays, '11:00');
    const lunch = meanOccupied(QUIET, termWeekdays, '13:30');
    const afternoon = meanOccupied(QUIET, termWeekdays, '15:30');
    expect(lunch).toBeLessThan(0.8 * Math.min(late, afternoon));
    const cafe = (from: string, to: string) =>
      mean(
        events
          .filter((e) => e.sensor === 'zone-cafe' && e.message.type === 'zone')
          .filter((e) => {
            const local = DateTime.fromISO(e.message.ts, { zone: site.site.timeZone });
            const clock = local.toFormat('HH:mm');
            return local.weekday <= 5 && clock >= from && clock < to;
          })
          .map((e) => (e.message.type === 'zone' ? e.message.count : 0)),
      );
    expect(cafe('12:30', '13:30')).toBeGreaterThan(1.5 * cafe('09:00', '11:00'));
  });

  it('surges after school in the teen and children zones, in term only', () => {
    const midday = meanOccupied(YOUNG, termWeekdays, '14:00');
    const afterSchool = meanOccupied(YOUNG, termWeekdays, '16:30');
    expect(afterSchool).toBeGreaterThan(8);
    expect(afterSchool).toBeGreaterThan(4 * Math.max(1, midday));
    expect(meanOccupied(YOUNG, halfTerm, '16:30')).toBeLessThan(0.25 * afterSchool);
    const arrivals = visits.filter((v) => v.kind === 'after_school').map((v) => DateTime.fromJSDate(v.arrive, { zone: site.site.timeZone }));
    expect(arrivals.every((t) => t.weekday <= 5 && t.toFormat('HH:mm') >= '15:30' && t.toFormat('HH:mm') <= '18:00')).toBe(true);
  });
});
