import fs from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { ZONE_CATEGORIES } from '@hearth/contracts';
import { COMMON_PLACEHOLDERS, LABEL_KEYS, PHRASE_KEYS, TEXT_KEYS, TEXT_SPECS, type TextKey } from './catalogue.js';
import { hasStrayBrace, placeholdersOf } from './template.js';
import { BUDGETS } from './types.js';

/**
 * The recommendation engine's configuration (`config/recommendations.yaml`):
 * every threshold a rule applies and every sentence it writes. A library can
 * tune when a rule speaks and how it says it without touching code; the
 * loader checks the whole file at once and names every bad field.
 */

/** A share 0..1 that a rule divides by: must be above 0. */
const fraction = z.number().gt(0).max(1);
const share = z.number().min(0).max(1);
const categories = z.array(z.enum(ZONE_CATEGORIES));
const count = z.number().int().min(1);
const template = z.string().trim().min(1).max(2000);

export const thresholdsSchema = z.strictObject({
  /** Zones with data for less of the open time than this are never judged. */
  minCoverage: share,
  /** The level above which the analytics count an hour as crowded (85 % of capacity); used in texts. */
  crowdingLevel: fraction,
  crowding: z.strictObject({
    /** Categories of zones judged for crowding and under-use (seating areas; not stacks, desks or entrances). */
    categories,
    /** Crowded: this share of open hours or more above the crowding level. */
    crowdedShareAbove: fraction,
    /** Under-used: mean utilisation below this. */
    underUsedUtilisation: fraction,
    /** Categories judged for under-use: those meant for steady seat use (children's, teen and cafe areas fill in bursts). */
    underUsedCategories: categories,
    /** A compatible zone whose mean utilisation is below this has room to take a crowded zone's overflow. */
    spareUtilisation: fraction,
    /** At most this many idle zones are offered for one crowded zone. */
    maxPartners: z.number().int().min(1).max(10),
    /** For a crowded zone's category: the categories whose idle zones can take its overflow. */
    compatible: z.partialRecord(z.enum(ZONE_CATEGORIES), categories),
  }),
  behaviour: z.strictObject({
    /** Fewer desk sessions than this in the window: too few to judge behaviour. */
    minSessions: count,
    quietCategories: categories,
    groupCategories: categories,
    /** Categories whose desks are study desks (for short stays). */
    studyCategories: categories,
    groupShareInQuiet: fraction,
    longSoloShareInGroup: fraction,
    shortShareAtStudy: fraction,
  }),
  hotspots: z.strictObject({
    /** Hot spots holding less of the floor's people than this are ignored. */
    minShare: share,
    farFromServiceM: z.number().positive(),
    /** On a floor without a service desk, a hot spot holding this much of its people is reported. */
    minShareWithoutDesk: fraction,
  }),
  entrances: z.strictObject({
    /** First metres cluttered: density at least this many times the floor's. */
    clutterDensityFactor: z.number().positive(),
    /** An entrance taking less than this share of arrivals is little used. */
    littleUsedArrivalsShare: fraction,
  }),
  powerAisle: z.strictObject({
    /** The busiest entrance must take at least this share of arrivals ("most people come in here"). */
    minArrivalsShare: fraction,
    minHotspotShare: share,
    minLengthM: z.number().min(0),
  }),
  openingHours: z.strictObject({
    /** People a day arriving in the 30 minutes before opening. */
    waitingBeforeOpening: z.number().positive(),
    /** Building utilisation in the last open hour. */
    lastHourUtilisation: fraction,
    /** Arrivals in the last open hour as a multiple of an average open hour's. */
    lastHourArrivalsFactor: z.number().positive(),
  }),
  staffing: z.strictObject({
    minVisitsPerDay: z.number().min(0),
    /** Arrivals in the peak hour as a multiple of an average open hour's. */
    peakToMeanRatio: z.number().gt(1),
  }),
  seatingMix: z.strictObject({
    minSeats: count,
    minSessions: count,
    /** Difference between the share of group sessions and the share of shared seats. */
    gap: fraction,
  }),
  comfort: z.strictObject({
    minAnswers: count,
    maxComfortScore: z.number().min(1).max(5),
  }),
  layoutChanges: z.strictObject({
    minWeeks: count,
    /** Utilisation change (absolute, 0.05 = 5 points) that counts as a change. */
    utilisationChange: fraction,
    /** Change of hours above the crowding level that counts: this share of the hours before... */
    hoursAboveChange: share,
    /** ...and at least this many hours. */
    minHoursAboveChange: z.number().positive(),
  }),
});

const optionSchema = z.strictObject({
  action: template,
  expectedEffect: template,
  check: z.strictObject({
    metric: template,
    /** A role of the finding's zones, e.g. "crowded" or "idle" (see the catalogue). */
    zones: z.string().min(1),
    direction: z.enum(['up', 'down']),
    by: template,
    afterWeeks: z.number().int().min(1).max(104),
  }),
});

export const textSchema = z.strictObject({
  /** Raised one level when the evidence is `scoring.escalateAt` times the threshold or more. */
  priority: z.enum(['high', 'medium', 'low']),
  title: template,
  finding: template,
  options: z.strictObject({ none: optionSchema, low: optionSchema, high: optionSchema }),
});

export const recommendationConfigSchema = z.strictObject({
  version: z.literal(1),
  thresholds: thresholdsSchema,
  scoring: z.strictObject({
    /** Evidence this many times past its threshold raises the priority by one level. */
    escalateAt: z.number().gt(1),
  }),
  phrases: z.record(z.enum(PHRASE_KEYS), template),
  labels: z.record(z.enum(LABEL_KEYS), template),
  texts: z.record(z.enum(TEXT_KEYS), textSchema),
});

export type RecommendationConfig = z.output<typeof recommendationConfigSchema>;
export type RecommendationThresholds = RecommendationConfig['thresholds'];
export type TextConfig = z.output<typeof textSchema>;

export interface RecommendationConfigIssue {
  /** Where in the file: `texts.crowded-zone.options.low.action`. */
  field: string;
  /** 1-based line of that field, when it can be located. */
  line?: number;
  message: string;
}

export class RecommendationConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: RecommendationConfigIssue[],
  ) {
    super(
      `${file} is not a valid recommendations configuration:\n${issues
        .map((i) => `  - ${i.line ? `${file}:${i.line} ` : ''}${i.field ? `${i.field}: ` : ''}${i.message}`)
        .join('\n')}`,
    );
    this.name = 'RecommendationConfigError';
  }
}

/** Reads and validates the configuration file; throws a `RecommendationConfigError` naming the file and every bad field. */
export function loadRecommendationConfig(file: string): RecommendationConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new RecommendationConfigError(file, [{ field: '', message: `cannot be read: ${(e as Error).message}` }]);
  }
  return parseRecommendationConfig(text, file);
}

/** Validates the configuration's YAML text; `file` only names it in errors. */
export function parseRecommendationConfig(text: string, file = 'recommendations configuration'): RecommendationConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new RecommendationConfigError(
      file,
      doc.errors.map((e) => ({ field: '', line: e.linePos?.[0].line, message: e.message.split('\n')[0] ?? e.code })),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = recommendationConfigSchema.safeParse(data);
  const issues: { path: (string | number)[]; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push({ path: [...path, key], message: 'unknown field' });
      } else {
        issues.push({ path, message: valueAt(data, path) === undefined ? 'is required' : issue.message });
      }
    }
  }
  issues.push(...templateIssues(data));
  if (issues.length > 0 || !parsed.success) {
    throw new RecommendationConfigError(
      file,
      issues.map((i) => ({ field: fieldName(i.path), line: lineOf(doc, lines, i.path), message: i.message })),
    );
  }
  return parsed.data;
}

/**
 * Every template names only placeholders its rule provides, every check
 * watches a role its rule knows, labels use only the common placeholders,
 * and phrases (which are put into templates) use none. Works on the raw
 * data so these problems are reported together with any others.
 */
export function templateIssues(data: unknown): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const check = (path: (string | number)[], value: unknown, allowed: readonly string[], owner: string) => {
    if (typeof value !== 'string') return;
    if (hasStrayBrace(value)) issues.push({ path, message: 'has a "{" or "}" that is not part of a {placeholder}' });
    const unknown = placeholdersOf(value).filter((p) => !allowed.includes(p));
    if (unknown.length > 0) {
      const listed = allowed.length ? allowed.map((p) => `{${p}}`).join(', ') : 'none';
      issues.push({ path, message: `unknown placeholder ${unknown.map((p) => `{${p}}`).join(', ')}; ${owner} can use: ${listed}` });
    }
  };
  const root = asRecord(data);
  for (const [key, value] of Object.entries(asRecord(root?.phrases) ?? {})) check(['phrases', key], value, [], 'a phrase');
  for (const [key, value] of Object.entries(asRecord(root?.labels) ?? {})) check(['labels', key], value, COMMON_PLACEHOLDERS, 'a label');
  for (const [key, value] of Object.entries(asRecord(root?.texts) ?? {})) {
    if (!(key in TEXT_SPECS)) continue;
    const spec = TEXT_SPECS[key as TextKey];
    const allowed = [...COMMON_PLACEHOLDERS, ...spec.placeholders];
    const text = asRecord(value);
    const owner = `the text "${key}"`;
    check(['texts', key, 'title'], text?.title, allowed, owner);
    check(['texts', key, 'finding'], text?.finding, allowed, owner);
    const options = asRecord(text?.options);
    for (const budget of BUDGETS) {
      const option = asRecord(options?.[budget]);
      const at = ['texts', key, 'options', budget];
      check([...at, 'action'], option?.action, allowed, owner);
      check([...at, 'expectedEffect'], option?.expectedEffect, allowed, owner);
      const chk = asRecord(option?.check);
      check([...at, 'check', 'metric'], chk?.metric, allowed, owner);
      check([...at, 'check', 'by'], chk?.by, allowed, owner);
      const roles: readonly string[] = spec.roles;
      if (typeof chk?.zones === 'string' && !roles.includes(chk.zones)) {
        issues.push({ path: [...at, 'check', 'zones'], message: `unknown zone role "${chk.zones}"; ${owner} can watch: ${roles.join(', ')}` });
      }
    }
  }
  return issues;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined), data);
}

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** The line of the deepest node of the document on the path (a missing field points at its parent; an unknown key at itself). */
function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    let node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (n === path.length - 1 && isMap(node)) {
      // The last step is a key of this map that has no value node of its own (an unknown key with a scalar is found above).
      const key = path[n];
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) node = pair.key;
    }
    if (node && typeof node === 'object' && 'range' in node) {
      const offset = (node as YamlNode).range?.[0];
      return offset === undefined ? undefined : lines.linePos(offset).line;
    }
  }
  return undefined;
}
