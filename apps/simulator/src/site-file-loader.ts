import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { siteFileSchema, type SiteFile } from '@hearth/contracts';

/** Reads and validates a site file (YAML or JSON); throws one readable error naming the file. */
export function loadSiteFile(path: string): SiteFile {
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read site file ${path}: ${(err as Error).message}`);
  }
  const parsed = siteFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid site file ${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
