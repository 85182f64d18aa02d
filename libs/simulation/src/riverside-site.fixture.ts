import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { siteFileSchema, type SiteFile } from '@hearth/contracts';
import { serviceDay } from '@hearth/analytics';

/** The demo library's site file, as committed (found from the sources and from their build in dist/). */
export const RIVERSIDE_YAML_PATH = ['../../../demo/riverside.site.yaml', '../../../../demo/riverside.site.yaml']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .find((p) => existsSync(p))!;

export function loadRiverside(): SiteFile {
  return siteFileSchema.parse(YAML.parse(readFileSync(RIVERSIDE_YAML_PATH, 'utf8')));
}

/** [start of the first service day, start of the day after the last), as Dates. */
export function serviceDays(site: SiteFile, first: string, last: string): { from: Date; to: Date } {
  const end = serviceDay(site.site, last).end;
  return { from: new Date(serviceDay(site.site, first).start), to: new Date(end) };
}
