import { DateTime } from 'luxon';
import { DATE, DATETIME, LocalClock, MONTH, newStamp, parseStamp, parseTime } from './dates.js';

const read = (text: string, order?: 'dmy' | 'mdy') => {
  const s = newStamp();
  return parseStamp(text, order, s) ? { y: s.y, mo: s.mo, d: s.d, minute: s.minute, offset: s.offset, kind: s.kind } : null;
};

describe('parseStamp', () => {
  it.each([
    ['2021-09-01', { y: 2021, mo: 9, d: 1, minute: -1, kind: DATE }],
    ['2021-09-01T10:00', { y: 2021, mo: 9, d: 1, minute: 600, kind: DATETIME }],
    ['2021-09-01 10:15:30', { y: 2021, mo: 9, d: 1, minute: 615, kind: DATETIME }],
    ['2021/9/1', { y: 2021, mo: 9, d: 1, minute: -1, kind: DATE }],
    ['01-Sep-21', { y: 2021, mo: 9, d: 1, minute: -1, kind: DATE }],
    ['01-Sep-2021', { y: 2021, mo: 9, d: 1, minute: -1, kind: DATE }],
    ['1 September 2021', { y: 2021, mo: 9, d: 1, minute: -1, kind: DATE }],
    ['Sep 1, 2021', { y: 2021, mo: 9, d: 1, minute: -1, kind: DATE }],
    ['Wed 01-Sep-21 9:00 PM', { y: 2021, mo: 9, d: 1, minute: 21 * 60, kind: DATETIME }],
    ['2021-09', { y: 2021, mo: 9, d: 1, minute: -1, kind: MONTH }],
    ['Sep 2021', { y: 2021, mo: 9, d: 1, minute: -1, kind: MONTH }],
    ['September-21', { y: 2021, mo: 9, d: 1, minute: -1, kind: MONTH }],
  ])('reads %s', (text, want) => {
    expect(read(text)).toMatchObject(want);
  });

  it('reads numeric dates in the order it is given, or from a part above 12', () => {
    expect(read('01/02/2021', 'dmy')).toMatchObject({ mo: 2, d: 1 });
    expect(read('01/02/2021', 'mdy')).toMatchObject({ mo: 1, d: 2 });
    expect(read('9/13/2021')).toMatchObject({ mo: 9, d: 13 });
    expect(read('13.09.21')).toMatchObject({ y: 2021, mo: 9, d: 13 });
    const s = newStamp();
    parseStamp('01/02/2021 10:00', undefined, s);
    expect([s.numeric, s.a, s.b, s.minute]).toEqual([true, 1, 2, 600]);
  });

  it('keeps offsets: Z, +hh:mm and -hh:mm after a T', () => {
    expect(read('2021-09-01T10:00:00Z')).toMatchObject({ minute: 600, offset: 0 });
    expect(read('2021-09-01T10:00:00+02:00')).toMatchObject({ minute: 600, offset: 120 });
    expect(read('2021-09-01T10:00-0530')).toMatchObject({ minute: 600, offset: -330 });
    // With a space, "-11:00" is the end of a range, not an offset.
    expect(read('2021-09-01 10:00-11:00')).toMatchObject({ minute: 600, offset: NaN });
  });

  it('refuses what is not a date', () => {
    for (const text of ['', 'NA', 'Total', '9816', '2021-13-01', '31/02/2021', '2021-02-30', 'Gate broken', '10:00']) expect(read(text, 'dmy')).toBeNull();
  });
});

describe('parseTime', () => {
  const minute = (text: string) => {
    const s = newStamp();
    return parseTime(text, s, false) ? s.minute : null;
  };
  it('reads 10:00, 10, ranges and am/pm', () => {
    expect(minute('10:00')).toBe(600);
    expect(minute('10')).toBe(600);
    expect(minute('10:00-11:00')).toBe(600);
    expect(minute('10:00 - 11:00')).toBe(600);
    expect(minute('9-10')).toBe(540);
    expect(minute('12 AM')).toBe(0);
    expect(minute('1:30pm')).toBe(810);
    expect(minute('25:00')).toBeNull();
    expect(minute('noon')).toBeNull();
  });
});

describe('LocalClock', () => {
  const luxon = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();

  it('agrees with luxon on ordinary days, hour by hour, across a year', () => {
    const clock = new LocalClock('America/New_York');
    for (let day = 0; day < 365; day += 7)
      for (const hour of [0, 9, 23]) {
        const t = DateTime.fromObject({ year: 2021, month: 1, day: 1 }, { zone: 'UTC' }).plus({ days: day });
        const iso = `${t.toISODate()}T${String(hour).padStart(2, '0')}:00`;
        expect(clock.at(t.year, t.month, t.day, hour * 60)).toBe(luxon(iso, 'America/New_York'));
      }
  });

  it('knows the skipped spring hour and both occurrences of the repeated autumn hour', () => {
    const clock = new LocalClock('Europe/London');
    expect(clock.at(2021, 3, 28, 60)).toBeNaN();
    expect(clock.at(2021, 3, 28, 120)).toBe(Date.UTC(2021, 2, 28, 1));
    expect(clock.at(2021, 10, 31, 60)).toBe(Date.UTC(2021, 9, 31, 0));
    expect(clock.repeat(2021, 10, 31, 60)).toBe(Date.UTC(2021, 9, 31, 1));
    expect(clock.repeat(2021, 10, 31, 120)).toBeNaN();
    expect(clock.dayEnd(2021, 10, 31) - clock.dayStart(2021, 10, 31)).toBe(25 * 3_600_000);
    expect(clock.dayEnd(2021, 3, 28) - clock.dayStart(2021, 3, 28)).toBe(23 * 3_600_000);
  });

  it('finds the first instant of a day whose midnight does not exist', () => {
    // Santiago moved its clocks from 00:00 to 01:00 on 2022-09-11.
    const clock = new LocalClock('America/Santiago');
    expect(clock.dayStart(2022, 9, 11)).toBe(luxon('2022-09-11T01:00', 'America/Santiago'));
  });

  it('refuses an unknown zone with a readable message', () => {
    expect(() => new LocalClock('Mars/Olympus')).toThrow(/not a time zone/);
  });
});
