/**
 * Patterns: when the library is busy. For the site or a floor, over a window
 * (rolling, a term or exam period, or custom dates) and calendar filters:
 * the weekday x hour heat calendar, arrivals per hour, zones, occupancy over
 * time, this period against another, the weeks before and after a change,
 * and branches side by side. Each section loads on its own and says why when
 * its window has no data.
 */
import * as d3 from 'd3';
import '../styles/patterns.css';
import { get } from '../api/client.js';
import { barChart } from '../charts/bar-chart.js';
import { hbarChart } from '../charts/hbar-chart.js';
import { heatCalendar } from '../charts/heat-calendar.js';
import { legend } from '../charts/legend.js';
import { lineChart } from '../charts/line-chart.js';
import { dataTable, figure, fmt, h, notice, toggle } from '../dom.js';
import { setParams } from '../router.js';
import {
  analysisWindow,
  calendarChoice,
  calendarQuery,
  describeCalendar,
  periodKey,
  pickablePeriods,
  RANGES,
  WEEKDAYS,
  type AnalysisWindow,
  type CalendarChoice,
  type Period,
} from '../transforms/analysis-window.js';
import {
  branchCells,
  changeRows,
  verdictWords,
  weekdayChangeBars,
  weeklyBars,
  type BeforeAfterResponse,
  type BranchesResponse,
  type PeriodComparison,
  type PeriodsResponse,
} from '../transforms/comparisons-data.js';
import { emptyText, isEmpty } from '../transforms/empty-reason.js';
import { arrivalBars, heatCells, hourLabel, hourOfWeekText, occupancyLines, zoneRows, type HeatCell, type HeatMetric, type OccupancyHistory, type PatternsResponse } from '../transforms/patterns-data.js';
import { addDays, daysBetween, localDate, TIMES_OF_DAY } from '../transforms/windows.js';
import type { Page, PageContext } from './page.js';

type SiteFloor = PageContext['siteFile']['floors'][number];

/**
 * The window picker shared by the analysis pages: rolling windows, a term or
 * exam period, or custom dates (the "to" date inclusive on screen).
 */
export function windowControls(w: AnalysisWindow, periods: Period[]): HTMLFieldSetElement {
  const periodPicker = h(
    'select',
    { class: 'period-picker', 'aria-label': 'Term or exam period', onchange: (e: Event) => setParams({ window: 'period', period: (e.target as HTMLSelectElement).value }) },
    h('option', { value: '' }, 'A term or exam period…'),
    ...periods.map((p) => h('option', { value: periodKey(p), selected: w.period === p }, `${p.name} (${p.from} – ${p.to})`)),
  );
  const fromInput = h('input', { type: 'date', value: w.from, 'aria-label': 'From' });
  const toInput = h('input', { type: 'date', value: addDays(w.to, -1), 'aria-label': 'To (inclusive)' });
  return h(
    'fieldset',
    {},
    h('legend', {}, 'When'),
    ...RANGES.map((r) => toggle(r.label, w.choice === r.key, () => setParams({ window: r.key, period: null, from: null, to: null }))),
    periodPicker,
    h('span', { class: 'dates' }, fromInput, '–', toInput),
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          if (fromInput.value && toInput.value && fromInput.value <= toInput.value) setParams({ window: 'custom', period: null, from: fromInput.value, to: addDays(toInput.value, 1) });
        },
      },
      'Apply dates',
    ),
  );
}

/**
 * A titled section that fills itself when its data arrives: busy meanwhile,
 * and an error notice (not a blank) when the request fails.
 */
export function section(title: string, load: () => Promise<(Node | string)[]>, extra: Node[] = []): HTMLElement {
  const body = h('div', {}, notice('Loading…'));
  const el = h('section', { class: 'analysis', 'aria-busy': 'true' }, h('h2', {}, title), ...extra, body);
  load()
    .then((nodes) => body.replaceChildren(...nodes))
    .catch((e: unknown) => body.replaceChildren(notice(`Could not load this: ${(e as Error).message}`, 'error')))
    .finally(() => el.setAttribute('aria-busy', 'false'));
  return el;
}

/** A chart width that fits the page's column. */
export function chartWidth(root: HTMLElement, max = 1100): number {
  return Math.max(320, Math.min(max, Math.floor(root.clientWidth || max)));
}

const pct = (v: number | null | undefined) => fmt.pct(v ?? null);

function filterControls(cal: CalendarChoice): HTMLFieldSetElement[] {
  const inOut = (name: 'terms' | 'exams', label: string, options: [string, string, string]) =>
    h(
      'select',
      { 'aria-label': label, onchange: (e: Event) => setParams({ [name]: (e.target as HTMLSelectElement).value || null }) },
      h('option', { value: '' }, options[0]),
      h('option', { value: 'in', selected: cal[name] === 'in' }, options[1]),
      h('option', { value: 'out', selected: cal[name] === 'out' }, options[2]),
    );
  const included = (d: string) => cal.days.length === 0 || cal.days.includes(d as never);
  const flipDay = (d: string) => {
    const next = WEEKDAYS.map((w) => w.key).filter((k) => (k === d ? !included(k) : included(k)));
    setParams({ days: next.length === 0 || next.length === 7 ? null : next.join(',') });
  };
  return [
    h('fieldset', {}, h('legend', {}, 'Calendar'), inOut('terms', 'Term days', ['Term or not', 'Term days', 'Out of term']), inOut('exams', 'Exam periods', ['Exams or not', 'Exam periods', 'Outside exams'])),
    h('fieldset', { class: 'weekdays' }, h('legend', {}, 'Days included'), ...WEEKDAYS.map((d) => h('button', { type: 'button', 'aria-pressed': String(included(d.key)), 'aria-label': d.long, onclick: () => flipDay(d.key) }, d.short))),
    h('fieldset', {}, h('legend', {}, 'Time of day'), ...Object.entries(TIMES_OF_DAY).map(([k, t]) => toggle(t.label, k === cal.time, () => setParams({ time: k === 'all' ? null : k })))),
  ];
}

async function render(ctx: PageContext): Promise<void> {
  const { site, siteFile, params, root } = ctx;
  const periods = pickablePeriods(siteFile.site.periods);
  const today = localDate(siteFile.site.timeZone);
  const window = analysisWindow(params, today, periods);
  const cal = calendarChoice(params);
  const floor = siteFile.floors.find((f) => f.id === params.get('floor'));
  const metric: HeatMetric = params.get('metric') === 'people' ? 'people' : 'utilisation';
  const width = chartWidth(root);
  const scope = floor ? floor.name : site.name;
  const filters = describeCalendar(cal);

  const floorBar = h(
    'fieldset',
    {},
    h('legend', {}, 'Where'),
    toggle('Whole site', !floor, () => setParams({ floor: null })),
    ...siteFile.floors.map((f) => toggle(f.name, f === floor, () => setParams({ floor: f.id }))),
  );
  const metricBar = h('fieldset', {}, h('legend', {}, 'Heat calendar shows'), toggle('Utilisation', metric === 'utilisation', () => setParams({ metric: null })), toggle('People', metric === 'people', () => setParams({ metric: 'people' })));
  root.replaceChildren(
    h('div', { class: 'toolbar' }, floorBar, metricBar),
    h('div', { class: 'toolbar' }, windowControls(window, periods)),
    h('div', { class: 'toolbar' }, ...filterControls(cal)),
    h('p', { class: 'note', role: 'status' }, `${scope}, ${window.label}${filters ? `; ${filters}` : ''}.`),
    section('When it is busy', () => patternsSection(ctx, window, cal, floor, metric, width)),
    section('Occupancy over time', () => occupancySection(ctx, window, floor, width)),
    comparisonSection(ctx, window, cal, floor, width),
    beforeAfterSection(ctx, window, today, cal, floor, width),
    ...(ctx.sites.length > 1 ? [section('Branches side by side', () => branchesSection(ctx, window, cal, width), hoursNote(cal))] : []),
  );
}

async function patternsSection(ctx: PageContext, w: AnalysisWindow, cal: CalendarChoice, floor: SiteFloor | undefined, metric: HeatMetric, width: number): Promise<Node[]> {
  const p = await get<PatternsResponse>(`/sites/${encodeURIComponent(ctx.site.key)}/patterns`, { from: w.from, to: w.to, floor: floor?.id, ...calendarQuery(cal, true) });
  if (isEmpty(p)) return [notice(emptyText(p))];
  const u = p.utilisation!;
  const out: Node[] = [headline(u)];
  const week = p.typicalWeek;
  if (week && !week.empty && week.busiest && week.quietest)
    out.push(h('p', { class: 'note' }, `Busiest hour of a typical week: ${hourOfWeekText(week.busiest)} (${pct(week.busiest.utilisation)} of seats). Quietest open hour: ${hourOfWeekText(week.quietest)} (${pct(week.quietest.utilisation)}).`));
  out.push(heatFigure(p, metric, width));
  out.push(arrivalsFigure(p, width));
  const zones = (floor ? [floor] : ctx.siteFile.floors).flatMap((f) => f.zones);
  const rows = zoneRows(p.byZone, new Map(zones.map((z) => [z.id, { name: z.name, capacity: z.capacity }])));
  if (rows.length > 1)
    out.push(
      figure(
        'Utilisation by zone',
        hbarChart(
          rows.map((r) => ({ label: r.name, bars: r.utilisation === null ? [] : [{ value: r.utilisation, text: `${pct(r.utilisation)} · ${fmt.n(r.meanOccupancy)} of ${r.capacity}` }], ...(r.empty ? { missing: `no figures: ${emptyText(r.empty)}` } : {}) })),
          { width: Math.min(width, 760), max: Math.max(1, ...rows.map((r) => r.utilisation ?? 0)), ariaLabel: `Utilisation by zone, ${w.label}` },
        ),
        dataTable(
          `Zones, ${w.label}`,
          ['Zone', 'Utilisation', 'People (mean)', 'Seats', 'Note'],
          rows.map((r) => [r.name, pct(r.utilisation), fmt.n(r.meanOccupancy), r.capacity, r.empty ? emptyText(r.empty) : '']),
        ),
        'Mean people present over open hours, as a share of the zone’s seats.',
      ),
    );
  return out;
}

function headline(u: NonNullable<PatternsResponse['utilisation']>): HTMLElement {
  const stat = (label: string, value: string, note?: string) => h('div', {}, h('dt', {}, label), h('dd', {}, value, note ? h('span', { class: 'note' }, ` ${note}`) : null));
  return h(
    'dl',
    { class: 'stats' },
    stat('Utilisation', pct(u.utilisation), 'of seats, on average'),
    stat('People present', fmt.n(u.meanOccupancy), `of ${u.capacity} seats`),
    stat('Peak', u.peak ? `${u.peak.occupancy}` : '–', u.peak ? `people, ${u.peak.local}` : ''),
    stat(`Hours above ${Math.round((u.threshold ?? 0.85) * 100)} %`, fmt.n(u.hoursAbove), `(${pct(u.shareAbove)} of open time)`),
    stat('Days', String(u.days ?? '–'), `${fmt.n(u.openHours, 0)} open hours, ${pct(u.coverage)} with data`),
  );
}

function heatFigure(p: PatternsResponse, metric: HeatMetric, width: number): HTMLElement {
  const { rows, hours, cells } = heatCells(p, metric);
  const isShare = metric === 'utilisation';
  const max = isShare ? 1 : Math.max(1, ...cells.map((c) => c.p90 ?? 0));
  const scale = d3.scaleSequential(d3.interpolateYlGnBu).domain([0, max]).clamp(true);
  const value = (v: number | null) => (v === null ? '–' : isShare ? `${Math.round(v * 100)} %` : v.toFixed(1));
  const describe = (c: HeatCell) => [`${WEEKDAYS[c.row]!.long} ${hourLabel(c.hour)}`, c.value === null ? 'Closed or no data' : `Mean: ${value(c.value)}${isShare ? ' of seats' : ' people'}`, c.p90 === null ? '' : `p90: ${value(c.p90)} (busy days)`, `${c.days} day${c.days === 1 ? '' : 's'}`].filter(Boolean);
  const tooltip = h('div', { class: 'tooltip', hidden: true, role: 'status' });
  const onHover = (lines: string[] | null, at?: [number, number]) => {
    if (!lines) return void (tooltip.hidden = true);
    tooltip.replaceChildren(...lines.flatMap((l, i): (Node | string)[] => (i === 0 ? [h('strong', {}, l)] : [h('br'), l])));
    tooltip.hidden = false;
    tooltip.style.left = `${(at?.[0] ?? 0) + 12}px`;
    tooltip.style.top = `${(at?.[1] ?? 0) + 12}px`;
  };
  const chart = heatCalendar(cells, { rows, hours, colour: scale, format: (v) => (isShare ? String(Math.round(v * 100)) : v < 10 ? v.toFixed(1) : v.toFixed(0)), describe, onHover, width, ariaLabel: `Weekday by hour, mean ${isShare ? 'utilisation' : 'people present'}` });
  const byRow = d3.group(cells, (c) => c.row);
  return figure(
    isShare ? 'Weekday × hour: mean utilisation (% of seats)' : 'Weekday × hour: mean people present',
    h('div', { class: 'heat-wrap' }, legend({ title: isShare ? 'Utilisation' : 'People', colour: scale, domain: [0, max], format: (v) => (isShare ? `${Math.round(v * 100)} %` : v.toFixed(0)) }), chart, tooltip),
    dataTable(
      `Mean (and p90) ${isShare ? 'utilisation' : 'people present'} by weekday and hour`,
      ['Weekday', ...hours.map(hourLabel)],
      rows.map((r, i) => [r, ...(byRow.get(i) ?? []).map((c) => (c.value === null ? '–' : `${value(c.value)} (p90 ${value(c.p90)})`))]),
    ),
    `Over open hours of ${p.weekdayHour?.days ?? 0} days. Hover a cell for its p90 (the level reached on the busiest tenth of days); hatched cells: closed or no data.`,
  );
}

function arrivalsFigure(p: PatternsResponse, width: number): HTMLElement {
  const a = p.arrivalsByHour;
  if (!a || a.empty) return notice(`Arrivals: ${emptyText(a ?? {})}`);
  const bars = arrivalBars(p);
  return figure(
    'Arrivals per hour (mean per open day)',
    barChart(bars, { width: Math.min(width, 900), height: 210, format: (v) => v.toFixed(0), yLabel: 'arrivals', ariaLabel: 'Mean arrivals per hour of the day' }),
    dataTable(
      'Mean arrivals per hour',
      ['Hour', 'Arrivals', 'Days'],
      bars.map((b) => [b.label, fmt.n(b.value), b.days]),
    ),
    `About ${fmt.n(a.perDay.arrivals, 0)} arrivals per open day, summed over the zones’ own counts (desk sessions starting, rises in headcount), not the entrance counters.`,
  );
}

async function occupancySection(ctx: PageContext, w: AnalysisWindow, floor: SiteFloor | undefined, width: number): Promise<Node[]> {
  const { siteFile } = ctx;
  const daily = w.days > 14;
  const resolution = w.days <= 7 ? 'auto' : w.days <= 31 ? '1h' : '1d';
  const history = await get<OccupancyHistory>(`/sites/${encodeURIComponent(ctx.site.key)}/occupancy`, {
    from: w.from,
    to: w.to,
    resolution,
    detail: floor ? 'zones' : 'floors',
    zones: floor?.zones.map((z) => z.id).join(','),
  });
  if (isEmpty(history)) return [notice(emptyText(history))];
  const names = new Map(floor ? floor.zones.map((z) => [z.id, z.name]) : siteFile.floors.map((f) => [f.id, f.name]));
  const series = occupancyLines(history, floor ? 'zones' : 'floors', names, { daily, timeZone: siteFile.site.timeZone, until: Date.now() });
  if (!series.length) return [notice('No occupancy data for these zones in this window.')];
  const missing = [...names.entries()].filter(([k]) => !series.some((s) => s.key === k)).map(([, n]) => n);
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const when = new Intl.DateTimeFormat('en-GB', { timeZone: siteFile.site.timeZone, ...(daily ? { weekday: 'short', day: 'numeric', month: 'short' } : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) });
  const lookup = series.map((s) => new Map(s.points.map((p) => [p.t, p.v])));
  const what = floor ? 'zone' : 'floor';
  return [
    figure(
      daily ? `People present per ${what}: each day’s peak` : `People present per ${what} (mean per ${history.resolution === '15m' ? '15 minutes' : 'hour'})`,
      lineChart(series, { width, height: 300, timeZone: siteFile.site.timeZone, ariaLabel: `Occupancy over time per ${what}`, yLabel: 'people', daily }),
      dataTable(
        `People present per ${what}`,
        [daily ? 'Day' : 'Time', ...series.map((s) => s.label)],
        times.map((t) => [when.format(t), ...lookup.map((m) => (m.has(t) ? fmt.n(m.get(t)) : '–'))]),
      ),
      [`All days of the window (the calendar filters apply to the sections above and below, not to this chart).`, missing.length ? `No data for: ${missing.join(', ')}.` : ''].filter(Boolean).join(' '),
    ),
  ];
}

function comparisonSection(ctx: PageContext, w: AnalysisWindow, cal: CalendarChoice, floor: SiteFloor | undefined, width: number): HTMLElement {
  const baseline = ctx.params.get('baseline') === 'last-year' ? 'last-year' : 'previous';
  const picker = h(
    'div',
    { class: 'toolbar' },
    h('fieldset', {}, h('legend', {}, 'Compare with'), toggle('The period before', baseline === 'previous', () => setParams({ baseline: null })), toggle('The same weeks last year', baseline === 'last-year', () => setParams({ baseline: 'last-year' }))),
  );
  return section(
    'This period against another',
    async () => {
      const r = await get<PeriodsResponse>(`/sites/${encodeURIComponent(ctx.site.key)}/compare/periods`, { from: w.from, to: w.to, baseline, floor: floor?.id, ...calendarQuery(cal, false) });
      if (isEmpty(r)) return [notice(emptyText(r))];
      return [comparisonNote(r, 'this period', baseline === 'previous' ? 'the period before' : 'the same weeks last year'), ...comparisonBody(r, 'Before', 'Now', width)];
    },
    [picker, ...hoursNote(cal)],
  );
}

/** The comparisons take no clock hours: say so when a time of day is chosen. */
function hoursNote(cal: CalendarChoice): HTMLElement[] {
  return cal.time === 'all' ? [] : [h('p', { class: 'note' }, `Whole opening days: the time-of-day choice (${TIMES_OF_DAY[cal.time].label.toLowerCase()}) does not apply to comparisons.`)];
}

/** Which days were compared, and a warning when a side is thinly covered. */
function comparisonNote(c: PeriodComparison, currentName: string, baselineName: string): HTMLElement {
  const side = (s: PeriodComparison['current']) => `${s!.window.first} to ${s!.window.last}: ${s!.utilisation.days} days, ${pct(s!.utilisation.coverage)} of open time with data`;
  const thin = [c.current, c.baseline].some((s) => (s?.utilisation.coverage ?? 1) < 0.8);
  return h('p', { class: 'note' }, `Comparing ${currentName} (${side(c.current)}) with ${baselineName} (${side(c.baseline)}).`, thin ? h('strong', {}, ' One side has data for under 80 % of its open time: read the changes with care.') : null);
}

function comparisonBody(c: PeriodComparison, before: string, after: string, width: number): Node[] {
  const rows = changeRows(c);
  const table = dataTable('Headline changes', ['Measure', before, after, 'Change'], rows.map((r) => [r.metric, r.baseline, r.current, r.words]));
  table.classList.add('changes');
  const bars = weekdayChangeBars(c);
  return [
    table,
    figure(
      'Utilisation change per weekday (percentage points)',
      barChart(
        bars.map((b) => ({ label: b.label, value: b.value })),
        { width: Math.min(width, 620), height: 200, format: (v) => `${v > 0 ? '+' : ''}${v.toFixed(0)}`, ariaLabel: 'Change in utilisation per weekday, in percentage points', fill: (b) => ((b.value ?? 0) >= 0 ? '#225ea8' : '#c2a5cf') },
      ),
      dataTable(
        'Utilisation per weekday',
        ['Weekday', before, after, 'Change'],
        bars.map((b) => [b.label, b.baseline, b.current, b.words]),
      ),
    ),
  ];
}

function beforeAfterSection(ctx: PageContext, w: AnalysisWindow, today: string, cal: CalendarChoice, floor: SiteFloor | undefined, width: number): HTMLElement {
  // Default: half the window's past in whole weeks each side, the "after" weeks ending with the window (or today).
  const end = w.to < today ? w.to : addDays(today, 1);
  const fallbackWeeks = Math.min(26, Math.max(1, Math.floor(daysBetween(w.from, end) / 14)));
  const weeks = Number(ctx.params.get('weeks')) || fallbackWeeks;
  const date = ctx.params.get('change') ?? addDays(end, -7 * fallbackWeeks - 1);
  const dateInput = h('input', { type: 'date', value: date, 'aria-label': 'Date of the change' });
  const weeksInput = h('select', { 'aria-label': 'Weeks on each side' }, ...[1, 2, 3, 4, 6, 8, 13, 26].map((n) => h('option', { value: n, selected: n === weeks }, `${n} week${n === 1 ? '' : 's'} each side`)));
  const picker = h(
    'div',
    { class: 'toolbar' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Change on'),
      dateInput,
      weeksInput,
      h('button', { type: 'button', onclick: () => dateInput.value && setParams({ change: dateInput.value, weeks: weeksInput.value }) }, 'Compare'),
    ),
  );
  return section(
    'Before and after a change',
    async () => {
      const r = await get<BeforeAfterResponse>(`/sites/${encodeURIComponent(ctx.site.key)}/compare/before-after`, { date, weeks, floor: floor?.id, ...calendarQuery(cal, false) });
      if (isEmpty(r)) return [notice(emptyText(r))];
      const c = r.comparison!;
      if (isEmpty(c)) return [notice(emptyText(c))];
      const bars = weeklyBars(r.weekly);
      return [
        comparisonNote(c, `the ${r.weeks === 1 ? 'week' : `${r.weeks} weeks`} after ${r.changeDate}`, `the ${r.weeks === 1 ? 'week' : `${r.weeks} weeks`} before`),
        h('ul', { class: 'verdicts' }, h('li', {}, verdictWords(r.signal!.utilisation, 'Utilisation')), h('li', {}, verdictWords(r.signal!.arrivalsPerDay, 'Arrivals per day'))),
        ...comparisonBody(c, 'Before', 'After', width),
        figure(
          'Utilisation week by week (light: before, dark: after)',
          barChart(bars, { width: Math.min(width, 620), height: 190, format: (v) => `${v.toFixed(0)} %`, ariaLabel: 'Weekly utilisation before and after the change', fill: (b) => (b.group === 'after' ? '#225ea8' : '#7fcdbb') }),
          dataTable(
            'Weekly utilisation',
            ['Week from', 'Side', 'Utilisation'],
            bars.map((b) => [b.label, b.group ?? '', b.value === null ? 'no data' : `${b.value.toFixed(0)} %`]),
          ),
          'Weeks are labelled by their first day (month-day).',
        ),
      ];
    },
    [picker, ...hoursNote(cal)],
  );
}

async function branchesSection(ctx: PageContext, w: AnalysisWindow, cal: CalendarChoice, width: number): Promise<Node[]> {
  const keys = ctx.sites.map((s) => s.key).slice(0, 20);
  const r = await get<BranchesResponse>('/compare/branches', { sites: keys.join(','), from: w.from, to: w.to, ...calendarQuery(cal, false) });
  return [
    figure(
      `Utilisation by branch, ${r.window.first} to ${r.window.last}`,
      hbarChart(
        r.branches.map((b) => ({ label: b.name, bars: b.utilisation === null ? [] : [{ value: b.utilisation, text: `${pct(b.utilisation)} · ${fmt.n(b.meanOccupancy)} people` }], ...(b.emptyReason ? { missing: `no figures: ${emptyText({ reason: b.emptyReason })}` } : {}) })),
        { width: Math.min(width, 760), max: Math.max(0.01, ...r.branches.map((b) => b.utilisation ?? 0)), ariaLabel: 'Utilisation by branch' },
      ),
      dataTable(
        'Branches',
        ['Branch', 'Rank', 'Utilisation', 'People (mean)', 'Peak', 'Busiest hour', 'Quietest hour'],
        r.branches.map(branchCells),
      ),
      'Each branch on its own clock and calendar, over open hours; ranked by utilisation.',
    ),
  ];
}

export const patternsPage: Page = { id: 'patterns', title: 'Patterns', render };
