import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addDays,
  beforeAfter,
  calendarFrame,
  compareBranches,
  comparePeriods,
  occupancySeries,
  previousWindow,
  sameWeekdayYearBefore,
  serviceDay,
  typicalWeek,
  utilisation,
  weekdayHourPattern,
  zoneCapacities,
  type CalendarFilter,
  type DateWindow,
} from '@hearth/analytics';
import { HearthError } from '@hearth/common';
import { readBuckets, resolutionFor, RESOLUTION_MS } from './rollup/rollup-reader.js';
import type { SiteModel } from './site-model.service.js';
import { selectZones } from './visits.service.js';

export type Baseline = 'previous' | 'last-year';
const MAX_BEFORE_AFTER_WEEKS = 26;

/** Runs an analytics call whose RangeError means the request asked for something impossible. */
function asInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new HearthError('INVALID_INPUT', e.message);
    throw e;
  }
}

/**
 * Comparisons a director asks for: this period against the one before or the
 * same weeks last year (aligned by weekday), the weeks before and after a
 * layout change, and branches side by side. All from the rollups.
 */
@Injectable()
export class ComparisonsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Reads the buckets of several date windows of a site's chosen zones, at one resolution. */
  private async bucketsFor(model: SiteModel, windows: DateWindow[], zones: string[]) {
    const site = model.file.site;
    const ranges = windows.map((w) => ({ from: serviceDay(site, w.first).start, to: serviceDay(site, w.last).end }));
    const resolution = ranges.every((r) => resolutionFor(r.from, r.to) === '15m') ? '15m' : '1h';
    const parts = await Promise.all(ranges.map((r) => readBuckets(this.dataSource, model, r.from, r.to, resolution, zones)));
    return { buckets: parts.flat(), bucketMs: RESOLUTION_MS[resolution] };
  }

  async periods(model: SiteModel, current: DateWindow, baselineKind: Baseline, opts: { floor?: string; zones?: string[]; filter?: CalendarFilter }) {
    const baseline = baselineKind === 'previous' ? previousWindow(current) : sameWeekdayYearBefore(current);
    const zoneKeys = selectZones(model, opts);
    const zones = zoneCapacities(model.file).filter((z) => zoneKeys.includes(z.zone));
    const { buckets, bucketMs } = await this.bucketsFor(model, [current, baseline], zoneKeys);
    const result = asInput(() => comparePeriods(model.file.site, buckets, zones, { current, baseline, filter: opts.filter ?? {}, bucketMs }));
    return { site: model.file.site.id, current, baseline, baselineKind, zones: zoneKeys, ...result };
  }

  async beforeAfter(model: SiteModel, changeDate: string, weeks: number, opts: { floor?: string; zones?: string[]; filter?: CalendarFilter }) {
    if (weeks > MAX_BEFORE_AFTER_WEEKS) throw new HearthError('INVALID_INPUT', `at most ${MAX_BEFORE_AFTER_WEEKS} weeks on each side`);
    const zoneKeys = selectZones(model, opts);
    const zones = zoneCapacities(model.file).filter((z) => zoneKeys.includes(z.zone));
    const span = { first: addDays(changeDate, -7 * weeks), last: addDays(changeDate, 7 * weeks) };
    const { buckets, bucketMs } = await this.bucketsFor(model, [span], zoneKeys);
    const result = asInput(() => beforeAfter(model.file.site, buckets, zones, { changeDate, weeks, filter: opts.filter ?? {}, bucketMs }));
    return { site: model.file.site.id, zones: zoneKeys, ...result };
  }

  /** Branches side by side over the same dates, each on its own clock and calendar. */
  async branches(models: SiteModel[], window: DateWindow, filter: CalendarFilter = {}) {
    const inputs = await Promise.all(
      models.map(async (model) => {
        const zones = zoneCapacities(model.file);
        const { buckets, bucketMs } = await this.bucketsFor(model, [window], zones.map((z) => z.zone));
        const series = occupancySeries(calendarFrame(model.file.site, window, { filter, bucketMs }), buckets, zones);
        return { key: model.file.site.id, name: model.file.site.name, utilisation: utilisation(series), typicalWeek: typicalWeek(weekdayHourPattern(series)) };
      }),
    );
    return { window, branches: compareBranches(inputs) };
  }
}
