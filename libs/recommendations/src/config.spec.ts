import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { COMMON_PLACEHOLDERS, LABEL_KEYS, TEXT_KEYS, TEXT_SPECS } from './catalogue.js';
import { loadRecommendationConfig, parseRecommendationConfig, RecommendationConfigError, type RecommendationConfig } from './config.js';
import { recommend } from './engine.js';
import { doorOf, library, pollWith, riversideLike, sessionsOf, SHIPPED_CONFIG_FILE, shippedConfig, useWith, zoneOf } from './evidence.fixture.js';
import { placeholdersOf } from './template.js';
import { BUDGETS, type Recommendation, type SiteEvidence } from './types.js';

const shippedText = fs.readFileSync(SHIPPED_CONFIG_FILE, 'utf8');

/** Evidence that, between them, makes every text of the configuration speak. */
function everyProblem(): SiteEvidence[] {
  const a = library();
  zoneOf(a, 'group-study').use = useWith(0.7, 25.2, 1, 90, 0.3, 0.99);
  zoneOf(a, 'local-studies').use = useWith(0.1, 2.4, 0.5, 0, 0, 1);
  sessionsOf(a, 'group-study').longSoloShare = 0.5;
  sessionsOf(a, 'reading-room').shortShare = 0.5;
  zoneOf(a, 'reading-room').seats = { single: 8, shared: 32 };
  doorOf(a, 'main-door').firstMetres = { radiusM: 5, density: 0.12, floorDensity: 0.05, zones: ['children'] };
  doorOf(a, 'river-door-a').arrivalsShare = 0.45;
  doorOf(a, 'river-door-b').arrivalsShare = 0.45;
  doorOf(a, 'main-door').arrivalsShare = 0.1;
  Object.assign(a.demand!, { beforeOpening: 12, lastHourUtilisation: 0.62, peakArrivals: 130 });
  const change = { description: 'desks moved', zones: ['reading-room', 'garden-study'], weeks: 4 };
  a.changes = [{ ...change, date: '2026-09-14', before: { utilisation: 0.52, hoursAbove: 40, medianMinutes: 90 }, after: { utilisation: 0.6, hoursAbove: 22, medianMinutes: 100 } }];

  const b = riversideLike();
  zoneOf(b, 'reading-room').poll = pollWith(60, 2.4);
  zoneOf(b, 'reading-room').seats = { single: 40, shared: 0 };
  zoneOf(b, 'garden-study').seats = { single: 32, shared: 0 };
  Object.assign(sessionsOf(b, 'group-study'), { count: 1000, groupShare: 0.9 });
  b.changes = [
    { ...change, date: '2026-09-14', before: { utilisation: 0.52, hoursAbove: 40, medianMinutes: 90 }, after: { utilisation: 0.44, hoursAbove: 38, medianMinutes: 80 } },
    { ...change, date: '2026-09-21', before: { utilisation: 0.52, hoursAbove: 40, medianMinutes: 90 }, after: { utilisation: 0.54, hoursAbove: 38, medianMinutes: null } },
  ];
  return [riversideLike(), a, b];
}

function strings(r: Recommendation): string[] {
  return [
    r.title,
    r.finding,
    ...r.evidence.metrics.map((m) => m.label),
    ...BUDGETS.flatMap((b) => [r.options[b].action, r.options[b].expectedEffect, r.options[b].check.metric, r.options[b].check.by]),
  ];
}

describe('the shipped configuration', () => {
  const config = shippedConfig();

  it('loads, with the thresholds the rules are documented with', () => {
    expect(config.version).toBe(1);
    expect(config.thresholds.crowding).toMatchObject({ crowdedShareAbove: 0.25, underUsedUtilisation: 0.2 });
    expect(config.thresholds.behaviour.groupShareInQuiet).toBe(0.3);
    expect(config.thresholds.hotspots.farFromServiceM).toBe(15);
    expect(Object.keys(config.texts).sort()).toEqual([...TEXT_KEYS].sort());
  });

  it('names in every template only placeholders its rule provides, and in every check a zone role it knows', () => {
    const raw = parse(shippedText) as RecommendationConfig;
    for (const key of TEXT_KEYS) {
      const allowed = new Set<string>([...COMMON_PLACEHOLDERS, ...TEXT_SPECS[key].placeholders]);
      const text = raw.texts[key];
      const templates: string[] = [text.title, text.finding];
      for (const budget of BUDGETS) {
        const o = text.options[budget];
        templates.push(o.action, o.expectedEffect, o.check.metric, o.check.by);
        expect({ key, budget, role: (TEXT_SPECS[key].roles as readonly string[]).includes(o.check.zones) }).toEqual({ key, budget, role: true });
      }
      for (const t of templates) expect({ key, unknown: placeholdersOf(t).filter((p) => !allowed.has(p)) }).toEqual({ key, unknown: [] });
    }
    for (const key of LABEL_KEYS) expect(placeholdersOf(raw.labels[key]).filter((p) => !(COMMON_PLACEHOLDERS as readonly string[]).includes(p))).toEqual([]);
  });

  it('has every text reachable from evidence, and every placeholder filled when it speaks', () => {
    // Each title replaced by its own key, so the titles produced say which texts spoke.
    const tagged: RecommendationConfig = structuredClone(config);
    for (const key of TEXT_KEYS) tagged.texts[key].title = key;
    const evidence = everyProblem();
    const spoken = new Set(evidence.flatMap((ev) => recommend(ev, tagged).map((r) => r.title)));
    expect([...spoken].sort()).toEqual([...TEXT_KEYS].sort());
    const all = evidence.flatMap((ev) => recommend(ev, config));
    expect(all.length).toBeGreaterThanOrEqual(TEXT_KEYS.length);
    for (const r of all) for (const s of strings(r)) expect({ id: r.id, s, braces: /[{}]/.test(s) }).toEqual({ id: r.id, s, braces: false });
  });
});

describe('loading a bad configuration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-recommendations-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('names the file and every bad field, with its line', () => {
    const edited = shippedText
      .replace('crowdedShareAbove: 0.25', 'crowdedShareAbove: 1.5')
      .replace('    maxPartners: 2\n', '    maxPartners: 2\n    maxPartnrs: 3\n')
      .replace('title: "{zone} is full for long stretches"', 'title: "{zoen} is full for long stretches"')
      .replace('  doorPoint: Door\n', '');
    // The first check of the text for a floor without a desk now watches "desk", a role that text does not have.
    const noDesk = edited.indexOf('  hotspot-no-service-desk:');
    const text = edited.slice(0, noDesk) + edited.slice(noDesk).replace('zones: hotspot,', 'zones: desk,');
    const file = path.join(dir, 'recommendations.yaml');
    fs.writeFileSync(file, text);
    let error: unknown;
    try {
      loadRecommendationConfig(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecommendationConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')[0]).toBe(`${file} is not a valid recommendations configuration:`);
    expect(message).toContain(`${file}:${lineOf(text, 'crowdedShareAbove: 1.5')} thresholds.crowding.crowdedShareAbove: Too big: expected number to be <=1`);
    expect(message).toContain(`${file}:${lineOf(text, 'maxPartnrs')} thresholds.crowding.maxPartnrs: unknown field`);
    expect(message).toContain(`${file}:${lineOf(text, '{zoen}')} texts.crowded-zone.title: unknown placeholder {zoen}; the text "crowded-zone" can use: {site},`);
    const deskLine = text.slice(0, text.indexOf('zones: desk', noDesk)).split('\n').length;
    expect(message).toContain(`${file}:${deskLine} texts.hotspot-no-service-desk.options.none.check.zones: unknown zone role "desk"; the text "hotspot-no-service-desk" can watch: hotspot`);
    expect(message).toContain('labels.doorPoint: is required');
    expect((error as RecommendationConfigError).issues).toHaveLength(5);
  });

  it('reports a template with a stray brace, a missing text and an unknown one', () => {
    const text = shippedText
      .replace('title: "{zone} is little used"', 'title: "{zone is little used"')
      .replace('\ntexts:\n', '\ntexts:\n  crowded-zon: {}\n')
      .replace(/\n  layout-change-worse:[\s\S]*$/, '\n');
    const parse = () => parseRecommendationConfig(text, 'recs.yaml');
    expect(parse).toThrow(/texts\.under-used-zone\.title: has a "\{" or "\}" that is not part of a \{placeholder\}/);
    expect(parse).toThrow(/texts\.layout-change-worse: is required/);
    expect(parse).toThrow(/recs\.yaml:\d+ texts\.crowded-zon: unknown field/);
  });

  it('names a file it cannot read, and one that is not YAML', () => {
    const missing = path.join(dir, 'nowhere.yaml');
    expect(() => loadRecommendationConfig(missing)).toThrow(`${missing} is not a valid recommendations configuration:\n  - cannot be read: ENOENT`);
    expect(() => parseRecommendationConfig('version: 1\nthresholds: [1, 2\n', 'broken.yaml')).toThrow(/^broken\.yaml is not a valid recommendations configuration:\n {2}- broken\.yaml:\d+ /);
  });
});
