import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { siteFileSchema, type SiteFile } from '@hearth/contracts';
import { serviceDay } from '@hearth/analytics';

/** The demo library's site file, as committed. */
export const RIVERSIDE_YAML_PATH = fileURLToPath(new URL('../../../demo/riverside.site.yaml', import.meta.url));

export function loadRiverside(): SiteFile {
  return siteFileSchema.parse(YAML.parse(readFileSync(RIVERSIDE_YAML_PATH, 'utf8')));
}

/** [start of the first service day, start of the day after the last), as Dates. */
export function serviceDays(site: SiteFile, first: string, last: string): { from: Date; to: Date } {
  const end = serviceDay(site.site, last).end;
  return { from: new Date(serviceDay(site.site, first).start), to: new Date(end) };
}
