import { WEEKDAYS, type Weekday } from '@hearth/contracts';
import { quantileSorted } from './quantile.js';
import { empty, type Empty } from './results.js';
import { dayHourGrid, emptyReason, type OccupancySeries } from './series.js';

/**
 * The weekday × hour pattern: what a Monday at 10:00 usually looks like.
 *
 * A planner reads the rhythm of the week: "Mondays at 10:00 average 31
 * people, and one Monday in ten goes above 44", which is what rotas, cleaning
 * slots and event bookings are planned against. The p90 says how bad a busy
 * (not the busiest) week gets.
 *
 * Each service day's hourly mean comes first (time-weighted over that day's
 * open buckets in the hour), then the mean and p90 (quantile.ts) of those
 * daily values across the days of that weekday. Days count once each,
 * however much of the hour they were open. Weekday is the service day's
 * (00:30 after a late Friday opening is Friday, hour 0); the autumn DST day
 * puts both 01:00 hours into its hour-1 value. A cell no day was open for is
 * null, never 0.
 */

export interface PatternCell {
  weekday: Weekday;
  hour: number;
  /** Service days with open data in this hour. */
  days: number;
  /** Mean and p90 of the daily hourly mean occupancy (people). */
  mean: number;
  p90: number;
}

export interface WeekdayHourPattern {
  empty: false;
  /** Capacity of the zones with data. */
  capacity: number;
  /** Service days with data. */
  days: number;
  /** [weekday (0 = Monday)][local hour]; null where no day had open data. */
  cells: (PatternCell | null)[][];
}

export type PatternResult = WeekdayHourPattern | Empty;

export function weekdayHourPattern(series: OccupancySeries): PatternResult {
  const none = emptyReason(series);
  if (none) return none;
  const grid = dayHourGrid(series);
  const { frame } = series;
  const values: number[][] = Array.from({ length: 7 * 24 }, () => []);
  let days = 0;
  for (let d = 0; d < frame.days.length; d++) {
    const wd = frame.dayWeekday[d]!;
    let any = false;
    for (let h = 0; h < 24; h++) {
      const w = grid.weight[d * 24 + h]!;
      if (w === 0) continue;
      any = true;
      values[wd * 24 + h]!.push(grid.occupancy[d * 24 + h]! / w);
    }
    if (any) days++;
  }
  if (days === 0) return empty('no-data', 'None of these zones has data during open hours in the window.');
  const cells = WEEKDAYS.map((weekday, wd) =>
    Array.from({ length: 24 }, (_, hour): PatternCell | null => {
      const v = values[wd * 24 + hour]!;
      if (v.length === 0) return null;
      const sorted = Float64Array.from(v).sort();
      return { weekday, hour, days: v.length, mean: v.reduce((a, b) => a + b, 0) / v.length, p90: quantileSorted(sorted, 0.9) };
    }),
  );
  return { empty: false, capacity: series.capacity, days, cells };
}

/**
 * The typical week: the pattern's means as a share of capacity, a 7 × 24
 * matrix a dashboard shades as a heat map, with the busiest and quietest
 * open hours named. A planner reads where there is slack (quiet hours to
 * schedule events, maintenance or reduced staffing) and where there is not.
 * Busiest and quietest rank the cells by mean occupancy; ties go to the
 * earlier weekday and hour.
 */
export interface TypicalWeek {
  empty: false;
  capacity: number;
  /** [weekday (0 = Monday)][local hour]: mean occupancy / capacity, null where closed or without data. */
  utilisation: (number | null)[][];
  busiest: HourOfWeek;
  quietest: HourOfWeek;
}

export interface HourOfWeek {
  weekday: Weekday;
  hour: number;
  meanOccupancy: number;
  utilisation: number;
}

export type TypicalWeekResult = TypicalWeek | Empty;

export function typicalWeek(pattern: PatternResult): TypicalWeekResult {
  if (pattern.empty) return pattern;
  const { capacity } = pattern;
  if (!(capacity > 0)) return empty('no-capacity', 'These zones have no capacity, so there is no share of capacity to show.');
  let busiest: PatternCell | undefined;
  let quietest: PatternCell | undefined;
  for (const row of pattern.cells)
    for (const cell of row) {
      if (!cell) continue;
      if (!busiest || cell.mean > busiest.mean) busiest = cell;
      if (!quietest || cell.mean < quietest.mean) quietest = cell;
    }
  const hourOf = (c: PatternCell): HourOfWeek => ({ weekday: c.weekday, hour: c.hour, meanOccupancy: c.mean, utilisation: c.mean / capacity });
  return {
    empty: false,
    capacity,
    utilisation: pattern.cells.map((row) => row.map((c) => (c ? c.mean / capacity : null))),
    busiest: hourOf(busiest!),
    quietest: hourOf(quietest!),
  };
}
