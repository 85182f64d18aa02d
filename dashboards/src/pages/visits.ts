/**
 * Dwell and profiles: how long people stay, and what kinds of visit and of
 * day the library sees. Dwell times per zone category (median, p90, length
 * bands), personas clustered from desk sessions, and day types clustered
 * from the entrance counts, over the chosen window.
 */
import '../styles/visits.css';
import { get } from '../api/client.js';
import { barChart } from '../charts/bar-chart.js';
import { hbarChart } from '../charts/hbar-chart.js';
import { rangeStrip } from '../charts/range-strip.js';
import { dataTable, figure, fmt, h, notice } from '../dom.js';
import { analysisWindow, clipWindow, pickablePeriods, type AnalysisWindow } from '../transforms/analysis-window.js';
import { emptyText, isEmpty } from '../transforms/empty-reason.js';
import {
  arrivalHours,
  bandBars,
  categoryGroups,
  clockText,
  dayTypeBars,
  dayTypeFacts,
  minutesText,
  splitByDwell,
  type CategoryGroup,
  type DayTypesResponse,
  type Dwell,
  type DwellResponse,
  type Persona,
  type ProfilesResponse,
} from '../transforms/visits-data.js';
import { hourLabel } from '../transforms/patterns-data.js';
import { localDate } from '../transforms/windows.js';
import type { Page, PageContext } from './page.js';
import { chartWidth, section, windowControls } from './patterns.js';

/** The profiles endpoint clusters at most this many days. */
const PROFILE_MAX_DAYS = 92;

async function render(ctx: PageContext): Promise<void> {
  const { siteFile, params, root } = ctx;
  const periods = pickablePeriods(siteFile.site.periods);
  const window = analysisWindow(params, localDate(siteFile.site.timeZone), periods);
  const width = chartWidth(root);
  root.replaceChildren(
    h('div', { class: 'toolbar' }, windowControls(window, periods)),
    h('p', { class: 'note', role: 'status' }, `${ctx.site.name}, ${window.label}.`),
    section('How long people stay at desks', () => dwellSection(ctx, window, width)),
    section('Visit profiles', () => personasSection(ctx, window)),
    section('Kinds of day', () => dayTypesSection(ctx, window)),
  );
}

const sitePath = (ctx: PageContext, path: string) => `/sites/${encodeURIComponent(ctx.site.key)}/${path}`;

async function dwellSection(ctx: PageContext, w: AnalysisWindow, width: number): Promise<(Node | string)[]> {
  const all = await get<DwellResponse>(sitePath(ctx, 'dwell'), { from: w.from, to: w.to });
  if (isEmpty(all)) return [notice(emptyText(all))];
  const { withSessions, without } = splitByDwell(categoryGroups(ctx.siteFile), all.byZone);
  // One request per category: the server pools its zones' sessions, so the category's median and p90 are exact.
  const perCategory = await Promise.all(withSessions.map((g) => get<DwellResponse>(sitePath(ctx, 'dwell'), { from: w.from, to: w.to, zones: g.zones.map((z) => z.id).join(',') })));
  const categories = withSessions.map((g, i) => ({ group: g, dwell: perCategory[i]!.all ?? { empty: true } }));
  const a = all.all!;
  return [
    h(
      'p',
      { class: 'note' },
      `${fmt.n(a.count, 0)} desk sessions over ${all.days} open days: median ${minutesText(a.medianMinutes)}, p90 ${minutesText(a.p90Minutes)} (one in ten sessions is longer).`,
      a.cut ? ` ${fmt.n(a.cut, 0)} were ended by closing time rather than the desk going free.` : '',
    ),
    figure(
      'Median and p90 dwell per zone category',
      hbarChart(
        categories.map(({ group, dwell }) => ({
          label: group.label,
          bars: dwell.empty ? [] : [{ value: dwell.medianMinutes!, text: `median ${minutesText(dwell.medianMinutes)}` }, { value: dwell.p90Minutes!, text: `p90 ${minutesText(dwell.p90Minutes)}` }],
          ...(dwell.empty ? { missing: emptyText(dwell) } : {}),
        })),
        { width: Math.min(width, 760), ariaLabel: 'Median and 90th percentile dwell time per zone category', fills: ['#225ea8', '#7fcdbb'], labelWidth: 130 },
      ),
      dataTable(
        'Dwell per zone category',
        ['Category', 'Sessions', 'Median', 'p90', 'Mean', 'Ended by closing'],
        categories.map(({ group, dwell }) => [group.label, fmt.n(dwell.count, 0), minutesText(dwell.medianMinutes), minutesText(dwell.p90Minutes), minutesText(dwell.meanMinutes), fmt.n(dwell.cut, 0)]),
      ),
      'Dark bar: median (half of sessions are shorter); light bar: p90 (one in ten is longer).',
    ),
    h('div', { class: 'cards' }, ...categories.map(({ group, dwell }) => categoryCard(group, dwell, all))),
    without.length ? h('p', { class: 'note' }, `Not shown: ${without.map((g) => g.label.toLowerCase()).join(', ')}. ${emptyText(firstEmpty(without, all) ?? {})}`) : '',
  ];
}

/** The first empty answer among a set of categories' zones, for its reason. */
function firstEmpty(groups: CategoryGroup[], all: DwellResponse): Dwell | undefined {
  return groups.flatMap((g) => g.zones.map((z) => all.byZone?.[z.id])).find((d): d is Dwell => !!d && d.empty);
}

/** A category's length bands as bars, its zones' figures in the table. */
function categoryCard(group: CategoryGroup, dwell: Dwell, all: DwellResponse): HTMLElement {
  if (dwell.empty) return h('div', { class: 'card' }, h('h3', {}, group.label), notice(emptyText(dwell)));
  const bands = bandBars(dwell);
  const zones = group.zones.map((z) => ({ name: z.name, d: all.byZone?.[z.id] })).filter((z): z is { name: string; d: Dwell } => !!z.d);
  const row = (name: string, d: Dwell) => (d.empty ? [name, 0, '–', '–', ...bands.map(() => '–')] : [name, fmt.n(d.count, 0), minutesText(d.medianMinutes), minutesText(d.p90Minutes), ...bandBars(d).map((b) => `${Math.round(b.value)} %`)]);
  return h(
    'div',
    { class: 'card' },
    h('h3', {}, group.label),
    h('p', { class: 'note' }, `${fmt.n(dwell.count, 0)} sessions; median ${minutesText(dwell.medianMinutes)}, p90 ${minutesText(dwell.p90Minutes)}.`),
    figure(
      'Share of sessions by length',
      barChart(bands, { width: 300, height: 150, format: (v) => `${Math.round(v)} %`, ariaLabel: `${group.label}: share of sessions by length` }),
      dataTable(`${group.label}: dwell per zone`, ['Zone', 'Sessions', 'Median', 'p90', ...bands.map((b) => b.label)], [row(`All ${group.label.toLowerCase()}`, dwell), ...zones.map((z) => row(z.name, z.d))]),
    ),
  );
}

async function personasSection(ctx: PageContext, w: AnalysisWindow): Promise<(Node | string)[]> {
  const win = clipWindow(w, PROFILE_MAX_DAYS);
  const r = await get<ProfilesResponse>(sitePath(ctx, 'profiles'), { from: win.from, to: win.to });
  const clipped = win.clipped ? h('p', { class: 'note' }, `Profiles are computed over at most ${PROFILE_MAX_DAYS} days: these cover the window’s last ${PROFILE_MAX_DAYS} (from ${win.from}).`) : '';
  if (isEmpty(r)) return [clipped, notice(emptyText(r))];
  const personas = r.personas ?? [];
  const lo = Math.min(8, ...personas.map((p) => Math.floor(p.startHours.q1)));
  const hi = Math.max(20, ...personas.map((p) => Math.ceil(p.startHours.q3)));
  const ticks = Array.from({ length: Math.floor((hi - lo) / 4) + 1 }, (_, i) => lo + i * 4);
  return [
    clipped,
    h(
      'p',
      { class: 'note' },
      `${fmt.n(r.sessions, 0)} desk sessions grouped into ${personas.length} kinds of visit. A session is a desk occupied for a while, never a person.`,
      r.other?.count ? ` ${fmt.n(r.other.count, 0)} sessions (${fmt.pct(r.other.share)}) in groups too small to name are counted as “other”.` : '',
    ),
    h('div', { class: 'cards persona-cards' }, ...personas.map((p) => personaCard(p, [lo, hi], ticks))),
  ];
}

function personaCard(p: Persona, domain: [number, number], ticks: number[]): HTMLElement {
  const d = p.durationMinutes;
  return h(
    'article',
    { class: 'card' },
    h('h3', {}, p.name),
    h('p', {}, h('span', { class: 'badge' }, `${fmt.pct(p.share)} of sessions`), ` ${fmt.n(p.count, 0)} sessions`),
    h(
      'dl',
      {},
      h('dt', {}, 'Starts'),
      h('dd', {}, `around ${p.startClock.median} (half between ${p.startClock.q1} and ${p.startClock.q3})`),
      h('dt', {}, 'Lasts'),
      h('dd', {}, `about ${minutesText(d.median)} (half between ${minutesText(d.q1)} and ${minutesText(d.q3)})`),
      h('dt', {}, 'In a group'),
      h('dd', {}, fmt.pct(p.groupShare)),
      h('dt', {}, 'At weekends'),
      h('dd', {}, fmt.pct(p.weekendShare)),
    ),
    h('p', { class: 'note' }, 'Favoured zones'),
    h('ul', {}, ...p.zones.map((z) => h('li', {}, `${z.name} (${fmt.pct(z.share)})`))),
    figure(
      'When sessions start',
      rangeStrip(p.startHours, { domain, tickValues: ticks, format: clockText, ariaLabel: `${p.name}: half of sessions start between ${p.startClock.q1} and ${p.startClock.q3}, median ${p.startClock.median}` }),
      dataTable(`${p.name}: start times`, ['Quartile', 'Start time'], [
        ['First quartile', p.startClock.q1],
        ['Median', p.startClock.median],
        ['Third quartile', p.startClock.q3],
      ]),
      'Box: the middle half of start times; line: the median.',
    ),
    h('details', {}, h('summary', {}, 'Description'), h('p', {}, p.description)),
  );
}

async function dayTypesSection(ctx: PageContext, w: AnalysisWindow): Promise<(Node | string)[]> {
  const r = await get<DayTypesResponse>(sitePath(ctx, 'day-types'), { from: w.from, to: w.to });
  if (isEmpty(r)) return [notice(emptyText(r))];
  const types = r.types ?? [];
  const hours = arrivalHours(types);
  const max = Math.max(1, ...types.flatMap((t) => t.meanArrivals));
  return [
    h('p', { class: 'note' }, `${r.days} days with entrance counts, grouped by the shape and size of their arrivals through the day.`),
    h(
      'div',
      { class: 'cards' },
      ...types.map((t) => {
        const bars = dayTypeBars(t, hours);
        return h(
          'article',
          { class: 'card' },
          h('h3', {}, t.name),
          h('p', {}, h('span', { class: 'badge' }, `${t.dates.length} day${t.dates.length === 1 ? '' : 's'}`), ` peak at ${hourLabel(t.peakHour)}, about ${fmt.n(t.meanVolume, 0)} arrivals a day`),
          h('p', { class: 'note' }, dayTypeFacts(t)),
          figure(
            'Mean arrivals per hour',
            barChart(bars, { width: 300, height: 140, format: (v) => v.toFixed(0), max, minLabelWidth: 60, ariaLabel: `${t.name}: mean arrivals per hour, peak at ${hourLabel(t.peakHour)}`, yLabel: 'arrivals (same scale on every card)' }),
            dataTable(`${t.name}: mean arrivals per hour`, ['Hour', 'Arrivals'], bars.map((b) => [b.label, fmt.n(b.value)])),
          ),
          h('details', {}, h('summary', {}, 'Dates'), h('p', {}, t.dates.join(', '))),
        );
      }),
    ),
  ];
}

export const visitsPage: Page = { id: 'visits', title: 'Dwell and profiles', render };
