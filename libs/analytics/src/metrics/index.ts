/**
 * Metrics for facilities planners over zone buckets and desk sessions.
 *
 * Typical use: build one calendar frame for the site and window, one
 * occupancy series per set of zones, then read any metric from the series:
 *
 *   const frame = calendarFrame(site, { first: '2026-09-07', last: '2026-10-04' }, { filter: { terms: true } });
 *   const floor = occupancySeries(frame, buckets, zonesOfFloor);
 *   utilisation(floor); arrivalsByHour(floor); typicalWeek(weekdayHourPattern(floor));
 */
export { calendarFrame, localTime, windowRange, type CalendarFilter, type CalendarFrame, type FrameDay, type FrameOptions, type MetricsWindow } from './calendar-frame.js';
export { empty, type Empty, type EmptyReason, type Peak, type WeekPosition } from './results.js';
export { quantileSorted } from './quantile.js';
export { dayHourGrid, eachGroupSeries, occupancySeries, zoneCapacities, type DayHourGrid, type OccupancySeries, type ZoneCapacity } from './series.js';
export { utilisation, utilisationByFloor, utilisationByZone, type Utilisation, type UtilisationOptions, type UtilisationResult } from './utilisation.js';
export { arrivalsByHour, type ArrivalsByHour, type ArrivalsResult, type HourCounts } from './arrivals.js';
export { dwellFromHistograms, dwellHistograms, dwellTimes, DWELL_STEP_MINUTES, DWELL_STEPS, type Dwell, type DwellHistogram, type DwellBin, type DwellOptions, type DwellResult, type DwellTimes } from './dwell.js';
export { typicalWeek, weekdayHourPattern, type HourOfWeek, type PatternCell, type PatternResult, type TypicalWeek, type TypicalWeekResult, type WeekdayHourPattern } from './weekly-pattern.js';
export { compareBranches, type BranchInput, type BranchRow } from './branches.js';
export {
  assertWeekdayAligned,
  change,
  compareSummaries,
  comparePeriods,
  periodSummary,
  previousWindow,
  sameWeekdayYearBefore,
  type Change,
  type ComparePeriodsOptions,
  type ComparisonResult,
  type DateWindow,
  type PeriodComparison,
  type PeriodResult,
  type PeriodSummary,
  type WeekdaySummary,
} from './periods.js';
export { beforeAfter, weeklySignal, weeklyValues, type BeforeAfter, type BeforeAfterOptions, type BeforeAfterResult, type Signal, type Verdict, type WeekValue } from './before-after.js';
