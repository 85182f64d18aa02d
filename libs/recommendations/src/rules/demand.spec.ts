import { library, riversideLike, shippedConfig } from '../evidence.fixture.js';
import { demandRule, typicalTimes } from './demand.js';

const config = shippedConfig();

// The calm month: 600 visits a day over 300 open hours in 28 days, 10.71 h a day, so an average open hour brings
// 600 / (300 / 28) = 56 arrivals.
const ARRIVALS = [0, 0, 0, 0, 0, 0, 0, 0, 35, 45, 55, 60, 65, 60, 60, 55, 50, 45, 35, 25, 10, 0, 0, 0];

describe('opening hours and staffing against arrivals', () => {
  it('finds people waiting at the door before 08:00', () => {
    const ev = library();
    Object.assign(ev.demand!, { beforeOpening: 12, firstHourArrivals: 70 });
    const [r, ...rest] = demandRule(ev, config);
    expect(rest).toEqual([]);
    // 12 / 5 = 2.4: medium raised to high, 300 + 24.
    expect(r).toMatchObject({ id: 'opening-hours-edges:before-opening', rule: 'opening-hours-edges', priority: 'high', score: 324, floor: null, zones: [] });
    expect(r!.title).toBe('People are waiting outside before 08:00');
    expect(r!.finding).toContain('12 people a day arriving in the 30 minutes before opening (08:00 on most days), and 70 in the first open hour, against 56');
    expect(r!.evidence.metrics.map((m) => [m.label, m.display])).toEqual([
      ['Arrivals in the 30 minutes before opening, per day', '12'],
      ['Arrivals in the first open hour, per day', '70'],
      ['Arrivals in an average open hour', '56'],
    ]);
    expect(r!.evidence.figure).toEqual({ kind: 'hourly-chart', series: [{ label: 'Arrivals per open day, by hour', values: ARRIVALS }], marks: [{ hour: 8, label: 'Opening' }] });
    expect(r!.options.none.check).toEqual({ metric: 'arrivals in the 30 minutes before opening', zones: [], direction: 'down', by: 'from 12 to under 5 a day', afterWeeks: 4 });
    expect(r!.options.high.check).toMatchObject({ metric: 'visits per open day', direction: 'up', by: 'at least 12 a day' });
  });

  it('finds a busy last hour before 21:00, by the building\'s use', () => {
    const ev = library();
    ev.demand!.lastHourUtilisation = 0.62;
    const [r, ...rest] = demandRule(ev, config);
    expect(rest).toEqual([]);
    // 0.62 / 0.5 = 1.24 (arrivals 10 / 56 would not count): medium, 212.4.
    expect(r).toMatchObject({ id: 'opening-hours-edges:last-hour', priority: 'medium', score: 212.4 });
    expect(r!.finding).toContain('(closing at 21:00 on most days) the building was 62 % full on average, and 10 people a day were still arriving');
    expect(r!.evidence.figure).toMatchObject({ kind: 'hourly-chart', marks: [{ hour: 20, label: 'Last open hour' }] });
    expect(r!.options.high.check).toEqual({ metric: 'building use in the last open hour', zones: [], direction: 'down', by: 'from 62 % to under 50 %', afterWeeks: 12 });
  });

  it('finds a busy last hour by arrivals when the building\'s use is not measured', () => {
    const ev = library();
    Object.assign(ev.demand!, { lastHourUtilisation: null, lastHourArrivals: 70 });
    const [r] = demandRule(ev, config);
    // 70 / (1 × 56) = 1.25: 212.5.
    expect(r).toMatchObject({ id: 'opening-hours-edges:last-hour', score: 212.5 });
    expect(r!.finding).toContain('the building was not measured full on average, and 70 people a day');
    expect(r!.evidence.metrics.map((m) => m.display)).toEqual(['70', '56']);
  });

  it('finds a sharp midday peak', () => {
    const ev = library();
    ev.demand!.peakArrivals = 130;
    const [r, ...rest] = demandRule(ev, config);
    expect(rest).toEqual([]);
    // 130 / 56 ≈ 2.32 times an average hour; 2.32 / 1.8 ≈ 1.29: medium, 212.9.
    expect(r).toMatchObject({ id: 'staffing-peaks:riverside', rule: 'staffing-peaks', priority: 'medium', score: 212.9, zones: ['service-desk'] });
    expect(r!.title).toBe('Arrivals peak sharply at 12:00–13:00');
    expect(r!.finding).toContain('Of 600 visits a day, 130 arrive in the hour 12:00–13:00: 2.3 times an average open hour (56)');
    expect(r!.finding).toContain('queues at Enquiries & Returns Desk');
    expect(r!.options.none.check).toEqual({ metric: 'poll score for convenience', zones: ['service-desk'], direction: 'up', by: '0.3 points', afterWeeks: 8 });
    expect(r!.evidence.figure).toMatchObject({ marks: [{ hour: 12, label: 'Busiest hour' }] });
  });

  it('is silent on a calm month and at Riverside, and without door counters', () => {
    expect(demandRule(library(), config)).toEqual([]);
    expect(demandRule(riversideLike(), config)).toEqual([]);
    const blind = library();
    blind.demand = null;
    expect(demandRule(blind, config)).toEqual([]);
  });

  it('does not judge the peak of a site with too few visits', () => {
    const ev = library();
    Object.assign(ev.demand!, { visitsPerDay: 40, peakArrivals: 20, lastHourArrivals: 2 });
    // 40 visits a day: 40 / (300 / 28) ≈ 3.7 an hour, a peak of 20 is 5.4 times that, but 40 < 50 visits.
    // (2 arrivals in the last hour are about half an average hour's: not busy.)
    expect(demandRule(ev, config)).toEqual([]);
  });
});

describe('the opening and closing times most days share', () => {
  it('takes the most common, ties to the earliest opening and the latest closing', () => {
    expect(typicalTimes(library().demand!.openingHours)).toEqual({ open: '08:00', close: '21:00' });
    expect(
      typicalTimes({
        mon: [{ open: '09:00', close: '17:00' }],
        tue: [
          { open: '08:30', close: '12:00' },
          { open: '13:00', close: '18:00' },
        ],
        sun: [],
      }),
    ).toEqual({ open: '08:30', close: '18:00' });
    expect(typicalTimes({ mon: [], tue: [] })).toBeNull();
  });
});
