import type { SiteFile } from '@hearth/contracts';

/** Test sites: a London library, its calendar parameters varied per scenario. */
export function londonSite(overrides: Partial<SiteFile['site']> = {}): SiteFile['site'] {
  const days = ['08:00-21:00'];
  return {
    id: 'test-library',
    name: 'Test Library',
    timeZone: 'Europe/London',
    serviceDayStart: '05:00',
    openingHours: { mon: days, tue: days, wed: days, thu: days, fri: days, sat: days, sun: days },
    periods: [],
    changes: [],
    ...overrides,
  };
}

export const MIN = 60_000;
export const QUARTER = 15 * MIN;

/** In November London keeps GMT, so local clock = UTC: `nov(23, 9, 30)` is 09:30 on 23 November 2026. */
export const nov = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour, minute);
