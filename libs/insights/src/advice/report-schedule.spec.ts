import { DateTime } from 'luxon';
import { lastCompletePeriod } from './report-schedule.service.js';

const at = (local: string, zone = 'Europe/London') => DateTime.fromISO(local, { zone }).toMillis();

describe('the period a scheduled report covers', () => {
  it('is last Monday to Sunday for a weekly report, from two hours into the new week', () => {
    // Monday 23 November 2026, 01:00 London: last week ended an hour ago, too early.
    expect(lastCompletePeriod('weekly', 'Europe/London', at('2026-11-23T01:00'))).toBeNull();
    const p = lastCompletePeriod('weekly', 'Europe/London', at('2026-11-23T02:00'))!;
    expect(p).toEqual({ first: '2026-11-16', last: '2026-11-22', from: at('2026-11-16T00:00'), to: at('2026-11-23T00:00') });
    // Any time later that week still names the same week.
    expect(lastCompletePeriod('weekly', 'Europe/London', at('2026-11-29T23:59'))!.first).toBe('2026-11-16');
  });

  it('is the last calendar month for a monthly report, in the site\'s time zone, across a clock change', () => {
    const p = lastCompletePeriod('monthly', 'Europe/London', at('2026-11-03T09:00'))!;
    // October 2026 holds the autumn change: 31 days and one hour.
    expect(p).toMatchObject({ first: '2026-10-01', last: '2026-10-31' });
    expect(p.to - p.from).toBe(31 * 86_400_000 + 3_600_000);
    // 1 November 2026 00:30 in New York is still October there, early on 31 October's following night in London.
    expect(lastCompletePeriod('monthly', 'America/New_York', at('2026-11-01T00:30', 'America/New_York'))).toBeNull();
    expect(lastCompletePeriod('monthly', 'America/New_York', at('2026-11-01T03:00', 'America/New_York'))).toMatchObject({ first: '2026-10-01', last: '2026-10-31' });
  });
});
