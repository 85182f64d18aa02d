import { empty, type Empty } from './results.js';
import { dayHourGrid, emptyReason, type OccupancySeries } from './series.js';

/**
 * Arrivals and departures by local hour of day, as a mean per open day.
 *
 * A planner reads when people come and go: "on a typical open day about 40
 * people arrive between 09:00 and 10:00 and the evening hour sees more
 * leaving than arriving", which sets staffing at the desk and when to open a
 * second entrance.
 *
 * For each local hour, the mean is taken over the days on which that hour
 * was open with data, so an hour the library opens only on weekdays is not
 * diluted by weekends (its `days` says how many days it averages). The
 * repeated hour of an autumn DST day adds both of its occurrences to that
 * day's hour 1. `perDay` divides the window's totals by the open days with
 * data.
 */

export interface HourCounts {
  hour: number;
  /** Days on which this hour was open with data. */
  days: number;
  /** Mean per such day; null when no day had this hour open. */
  arrivals: number | null;
  departures: number | null;
}

export interface ArrivalsByHour {
  empty: false;
  days: number;
  perDay: { arrivals: number; departures: number };
  /** 24 entries, hour 0 to 23 (local clock). */
  hours: HourCounts[];
}

export type ArrivalsResult = ArrivalsByHour | Empty;

export function arrivalsByHour(series: OccupancySeries): ArrivalsResult {
  const none = emptyReason(series);
  if (none) return none;
  const grid = dayHourGrid(series);
  const dayCount = series.frame.days.length;
  const days = new Int32Array(24);
  const arr = new Float64Array(24);
  const dep = new Float64Array(24);
  let openDays = 0;
  for (let d = 0; d < dayCount; d++) {
    let open = false;
    for (let h = 0; h < 24; h++) {
      const cell = d * 24 + h;
      if (grid.weight[cell] === 0) continue;
      open = true;
      days[h]!++;
      arr[h]! += grid.arrivals[cell]!;
      dep[h]! += grid.departures[cell]!;
    }
    if (open) openDays++;
  }
  if (openDays === 0) return empty('no-data', 'None of these zones has data during open hours in the window.');
  const hours: HourCounts[] = [];
  let totalArr = 0;
  let totalDep = 0;
  for (let h = 0; h < 24; h++) {
    totalArr += arr[h]!;
    totalDep += dep[h]!;
    hours.push({ hour: h, days: days[h]!, arrivals: days[h] ? arr[h]! / days[h]! : null, departures: days[h] ? dep[h]! / days[h]! : null });
  }
  return { empty: false, days: openDays, perDay: { arrivals: totalArr / openDays, departures: totalDep / openDays }, hours };
}
