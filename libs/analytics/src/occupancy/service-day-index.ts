import type { SiteFile } from '@hearth/contracts';
import { serviceDaysBetween, type ServiceDay } from '../calendar/site-calendar.js';

/**
 * The service days overlapping a range, looked up by binary search: the
 * builders ask "which service day is this reading in?" thousands of times,
 * and asking the calendar (time-zone arithmetic) each time would cost more
 * than the whole computation.
 */
export class ServiceDayIndex {
  readonly days: ServiceDay[];
  /** Start of the first day and end of the last (both 0 when there are none). */
  readonly start: number;
  readonly end: number;

  constructor(site: SiteFile['site'], from: number, to: number) {
    this.days = to > from ? [...serviceDaysBetween(site, from, to)] : [];
    this.start = this.days[0]?.start ?? 0;
    this.end = this.days.at(-1)?.end ?? 0;
  }

  private last = 0;

  /** The index of the day containing `t`, or -1 outside the range. Instants asked in time order are answered without a search. */
  indexOf(t: number): number {
    if (!(t >= this.start && t < this.end)) return -1;
    const hint = this.days[this.last]!;
    if (t >= hint.start && t < hint.end) return this.last;
    let lo = 0;
    let hi = this.days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.days[mid]!.start <= t) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }
}
