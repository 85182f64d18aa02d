/**
 * Floor map: where people congregate. Pick a floor, a window and filters
 * (exam periods, weekdays, time of day), and read the zones' values, the
 * density contours and the hot spots. Playback scrubs through a day or a week
 * of 15-minute occupancy; live mode follows the sensors as readings land.
 */
import * as d3 from 'd3';
import '../styles/floor.css';
import { get, stream, type FloorRow } from '../api/client.js';
import { floorMap, type FloorMap } from '../charts/floor-map.js';
import { legend } from '../charts/legend.js';
import { dataTable, figure, h, notice, toggle } from '../dom.js';
import { setParams } from '../router.js';
import { floorMapData, metricValue, METRICS, zoneFacts, type DensityResponse, type Metric } from '../transforms/floor-map-data.js';
import { DIMENSION_LABELS, POLL_DIMENSIONS, pollRows, type PollResults } from '../transforms/public-poll.js';
import { playbackFrames, type OccupancyResponse } from '../transforms/playback.js';
import { addDays, daysBetween, latestPeriod, localDate, WHEN, windowDates, type When, type WindowChoice } from '../transforms/windows.js';
import type { Page, PageContext } from './page.js';

interface LiveResponse {
  at: string;
  open: boolean;
  zones: { zone: string; floor: string; capacity: number; occupancy: number | null; source: string | null }[];
}

const SPEEDS = [1, 4, 16, 30];

function colourScale(metric: Metric, max: number): { colour: (v: number) => string; domain: [number, number] } {
  const domain: [number, number] = metric === 'utilisation' ? [0, 1] : [0, Math.max(max, metric === 'density' ? 0.05 : 1)];
  const scale = d3.scaleSequential(d3.interpolateYlGnBu).domain(domain).clamp(true);
  return { colour: (v) => scale(v), domain };
}

async function render(ctx: PageContext): Promise<void> {
  const { siteFile, params, root, site } = ctx;
  const floors = await get<FloorRow[]>(`/sites/${encodeURIComponent(site.key)}/floors`);
  const floorKey = params.get('floor') ?? siteFile.floors[0]?.id;
  const floor = siteFile.floors.find((f) => f.id === floorKey);
  const floorRow = floors.find((f) => f.key === floorKey);
  if (!floor || !floorRow) {
    root.replaceChildren(notice('This site has no floors yet. Add one on the Setup page.'));
    return;
  }
  const mode = (params.get('mode') ?? 'map') as 'map' | 'playback' | 'live';
  const metric = (params.get('metric') ?? 'utilisation') as Metric;
  const choice = (params.get('window') ?? '7d') as WindowChoice;
  const when = (params.get('when') ?? 'any') as When;
  const exams = params.get('exams') === 'true';
  const today = localDate(siteFile.site.timeZone);
  const periods = (siteFile.site.periods ?? []).filter((p) => p.kind === 'term' || p.kind === 'exam');
  const period = periods.find((p) => `${p.kind}:${p.name}` === params.get('period'));
  const custom = choice === 'period' && period ? { from: period.from, to: addDays(period.to, 1) } : choice === 'custom' ? { from: params.get('from') ?? addDays(today, -6), to: params.get('to') ?? addDays(today, 1) } : undefined;
  const window = windowDates(choice, today, custom);

  // ---- controls: each a single click ----
  const floorTabs = h('fieldset', {}, h('legend', {}, 'Floor'), ...siteFile.floors.map((f) => toggle(f.name, f.id === floor.id, () => setParams({ floor: f.id }), { 'data-floor': f.id })));
  const modes = h(
    'fieldset',
    {},
    h('legend', {}, 'View'),
    toggle('Map', mode === 'map', () => setParams({ mode: 'map' })),
    toggle('Playback', mode === 'playback', () => setParams({ mode: 'playback' })),
    toggle('Live', mode === 'live', () => setParams({ mode: 'live' })),
  );
  const metricPicker = h('select', { 'aria-label': 'Colour zones by', onchange: (e: Event) => setParams({ metric: (e.target as HTMLSelectElement).value }) }, ...Object.entries(METRICS).map(([k, m]) => h('option', { value: k, selected: k === metric }, m.label)));
  const controls = h('div', { class: 'toolbar' }, floorTabs, modes, h('label', {}, 'Colour by ', metricPicker));
  const windowBar = h('div', { class: 'toolbar' });
  if (mode === 'map') {
    const periodPicker = h(
      'select',
      { 'aria-label': 'Term or exam period', onchange: (e: Event) => setParams({ window: 'period', period: (e.target as HTMLSelectElement).value }) },
      h('option', { value: '' }, 'A term or exam period…'),
      ...periods.map((p) => h('option', { value: `${p.kind}:${p.name}`, selected: choice === 'period' && p === period }, `${p.name} (${p.from} – ${p.to})`)),
    );
    const fromInput = h('input', { type: 'date', value: window.from, 'aria-label': 'From' });
    const toInput = h('input', { type: 'date', value: addDays(window.to, -1), 'aria-label': 'To (inclusive)' });
    windowBar.append(
      h(
        'fieldset',
        {},
        h('legend', {}, 'When'),
        toggle('Today', choice === 'today', () => setParams({ window: 'today' })),
        toggle('Last 7 days', choice === '7d', () => setParams({ window: '7d' })),
        toggle('Last 28 days', choice === '28d', () => setParams({ window: '28d' })),
        periodPicker,
        fromInput,
        toInput,
        h('button', { type: 'button', onclick: () => setParams({ window: 'custom', from: fromInput.value, to: addDays(toInput.value, 1) }) }, 'Apply dates'),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Only'),
        // "During exams": the latest exam period that has begun, exam days only.
        toggle('Exam periods', exams, () => {
          const exam = latestPeriod(periods, 'exam', today);
          setParams(exams ? { exams: null, window: '7d', period: null } : { exams: 'true', ...(exam ? { window: 'period', period: `exam:${exam.name}` } : {}) });
        }),
        ...Object.entries(WHEN).map(([k, w]) => toggle(w.label, k === when, () => setParams({ when: k === 'any' ? null : k }))),
      ),
    );
  }
  const tooltip = h('div', { class: 'tooltip', hidden: true, role: 'status' });
  const mapWrap = h('div', { class: 'map-wrap' });
  const side = h('div', { class: 'side' });
  const below = h('div', {});
  root.replaceChildren(controls, windowBar, h('div', { class: 'layout' }, h('div', {}, mapWrap, below), side));
  const onTooltip = (lines: string[] | null, at?: [number, number]) => {
    if (!lines) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...lines.flatMap((l, i): (Node | string)[] => (i === 0 ? [h('strong', {}, l)] : [h('br'), l])));
    tooltip.hidden = false;
    tooltip.style.left = `${(at?.[0] ?? 0) + 12}px`;
    tooltip.style.top = `${(at?.[1] ?? 0) + 12}px`;
  };
  const m = METRICS[metric];

  if (mode === 'map') {
    const query = {
      from: window.from,
      to: window.to,
      exams: exams ? 'true' : undefined,
      weekdays: WHEN[when].weekdays,
      hours: WHEN[when].hours,
    };
    mapWrap.replaceChildren(notice('Loading the density map…'));
    // The patrons' poll over the same dates, asked for alongside the map (it has no calendar filters: answers are per day).
    const poll = get<PollResults>(`/sites/${encodeURIComponent(site.key)}/poll/results`, { from: window.from, to: window.to, floor: floor.id }).catch((e: Error) => e);
    const density = await get<DensityResponse>(`/floors/${floorRow.id}/density`, query);
    density.hotspots = density.hotspots?.filter((s) => s.share >= MIN_HOTSPOT_SHARE);
    const data = floorMapData(floor, density, metric);
    const max = Math.max(0, ...data.zones.map((z) => z.value ?? 0));
    const { colour, domain } = colourScale(metric, max);
    const map = floorMap(data, { colour, describe: m.describe, onTooltip });
    mapWrap.replaceChildren(map.node, tooltip);
    if (density.empty) mapWrap.prepend(notice(density.reason ?? 'No occupancy in this window.'));
    side.replaceChildren(
      legend({ title: m.label, colour, domain, format: (v) => (metric === 'utilisation' ? `${Math.round(v * 100)} %` : metric === 'density' ? (v * 100).toFixed(1) : v.toFixed(0)) }),
      h('p', { class: 'note' }, `${window.from} to ${addDays(window.to, -1)}${density.openHours !== undefined ? `, ${density.openHours} open hours` : ''}. Contours: people per m²; dashed circles: hot spots (where people congregate).`),
      hotspotList(density),
      pollPanel(await poll, floor.id),
    );
    below.replaceChildren(
      figure(
        'Zones',
        h('span'),
        dataTable(
          `Zones of ${floor.name}, ${window.from} to ${addDays(window.to, -1)}`,
          ['Zone', 'People (mean)', 'Utilisation', 'Seats', 'Area m²'],
          data.zones.map((z) => {
            const d = density.zones?.find((x) => x.zone === z.id);
            return [z.name, d?.occupancy === null || d?.occupancy === undefined ? 'no data' : d.occupancy.toFixed(1), d?.utilisation == null ? '–' : `${Math.round(d.utilisation * 100)} %`, z.capacity, z.areaM2.toFixed(0)];
          }),
        ),
      ),
    );
    return;
  }

  // Playback and live colour the zones only (no density surface), from zone occupancy.
  const data = floorMapData(floor, null, metric);
  const zoneOf = new Map(data.zones.map((z) => [z.id, z]));
  const valueOf = (zone: string, occupancy: number | null) => {
    const z = zoneOf.get(zone);
    return z ? metricValue(metric, occupancy, z.capacity, z.areaM2) : null;
  };
  const { colour, domain } = colourScale(metric, metric === 'utilisation' ? 1 : Math.max(...data.zones.map((z) => (metric === 'density' ? z.capacity / Math.max(1, z.areaM2) : z.capacity)), 1));
  const map: FloorMap = floorMap(data, { colour, describe: m.describe, onTooltip, showContours: false });
  mapWrap.replaceChildren(map.node, tooltip);
  side.replaceChildren(legend({ title: m.label, colour, domain, format: (v) => (metric === 'utilisation' ? `${Math.round(v * 100)} %` : v.toFixed(metric === 'density' ? 2 : 0)) }));

  if (mode === 'live') {
    const status = h('p', { class: 'note', role: 'status', 'aria-live': 'polite' }, 'Connecting…');
    below.replaceChildren(status);
    const apply = (live: LiveResponse) => {
      const values = new Map<string, number | null>();
      const facts = new Map<string, string[]>();
      for (const z of live.zones.filter((x) => x.floor === floor.id)) {
        values.set(z.zone, valueOf(z.zone, z.occupancy));
        facts.set(z.zone, z.occupancy === null ? ['No reading today'] : zoneFacts(z.occupancy, z.capacity, zoneOf.get(z.zone)?.areaM2 ?? 0, z.source));
      }
      map.update(values, facts);
      status.textContent = `Live: ${live.open ? 'open' : 'closed'}, as of ${new Date(live.at).toLocaleTimeString()}.`;
      map.node.dataset['liveAt'] = live.at;
    };
    apply(await get<LiveResponse>(`/sites/${encodeURIComponent(site.key)}/occupancy/live`));
    ctx.onLeave(stream<LiveResponse>(`/sites/${encodeURIComponent(site.key)}/occupancy/live/stream`, apply, () => (status.textContent = 'Live updates interrupted; reconnecting…')));
    return;
  }

  // Playback over a day or a week of 15-minute points.
  const span = params.get('span') === 'week' ? 'week' : 'day';
  const day = params.get('day') ?? addDays(today, -1);
  const from = span === 'week' ? addDays(day, -6) : day;
  const to = addDays(day, 1);
  const history = await get<OccupancyResponse>(`/sites/${encodeURIComponent(site.key)}/occupancy`, { from, to, resolution: '15m', zones: floor.zones.map((z) => z.id).join(',') });
  const frames = playbackFrames(history, floor.zones.map((z) => z.id));
  const dayInput = h('input', { type: 'date', value: day, 'aria-label': 'Day', onchange: (e: Event) => setParams({ day: (e.target as HTMLInputElement).value }) });
  const spanBar = h('fieldset', {}, h('legend', {}, 'Play'), toggle('A day', span === 'day', () => setParams({ span: null })), toggle('A week', span === 'week', () => setParams({ span: 'week' })), dayInput);
  if (frames.length === 0) {
    below.replaceChildren(h('div', { class: 'toolbar' }, spanBar), notice(history.reason ?? `No occupancy recorded ${from === addDays(to, -1) ? `on ${from}` : `from ${from} to ${addDays(to, -1)}`}.`));
    return;
  }
  const scrubber = h('input', { type: 'range', min: 0, max: frames.length - 1, value: 0, step: 1, 'aria-label': 'Time' });
  const clock = h('output', { 'aria-live': 'off' });
  const play = h('button', { type: 'button' }, 'Play');
  const speed = h('select', { 'aria-label': 'Speed' }, ...SPEEDS.map((s) => h('option', { value: s, selected: s === 4 }, `${s} frames/s`)));
  const show = (i: number) => {
    const f = frames[i]!;
    map.update(new Map([...f.zones].map(([zone, occ]) => [zone, valueOf(zone, occ)])));
    clock.textContent = new Date(f.start).toLocaleString([], { timeZone: siteFile.site.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' });
    scrubber.value = String(i);
    map.node.dataset['frame'] = String(i);
  };
  let timer: number | undefined;
  let last = 0;
  const stop = () => {
    if (timer !== undefined) cancelAnimationFrame(timer);
    timer = undefined;
    play.textContent = 'Play';
  };
  // Frames fall due every 1000/speed ms; a deadline (rather than "time since the last frame") keeps 30 frames/s on a
  // 60 Hz display whose frame times jitter around 16.7 ms, and catches up at most one frame after a stall.
  const tick = (now: number) => {
    const step = 1000 / Number(speed.value);
    if (now >= last + step - 1) {
      last = Math.max(last + step, now - step);
      const next = Number(scrubber.value) + 1;
      if (next >= frames.length) return stop();
      show(next);
    }
    timer = requestAnimationFrame(tick);
  };
  play.addEventListener('click', () => {
    if (timer !== undefined) return stop();
    play.textContent = 'Pause';
    if (Number(scrubber.value) >= frames.length - 1) show(0);
    last = performance.now();
    timer = requestAnimationFrame(tick);
  });
  scrubber.addEventListener('input', () => show(Number(scrubber.value)));
  ctx.onLeave(stop);
  below.replaceChildren(h('div', { class: 'toolbar' }, spanBar), h('div', { class: 'playback' }, play, scrubber, clock, speed), h('p', { class: 'note' }, `${frames.length} quarter hours, ${daysBetween(from, to)} day(s).`));
  show(0);
}

const POLL_ABBR: Record<string, string> = { convenience: 'Conv.', comfort: 'Comf.', hospitality: 'Hosp.', quality: 'Qual.', trust: 'Trust', wow: 'Wow' };

/**
 * What patrons said about the floor's areas in the poll on the public page:
 * answers and the mean of each question (1 poor – 5 excellent), or "too few
 * answers" where fewer than the publication threshold answered.
 */
function pollPanel(results: PollResults | Error, floor: string): HTMLElement {
  const section = h('section', { class: 'poll-panel', 'aria-label': "Patrons' poll" }, h('h2', {}, 'What patrons say'));
  if (results instanceof Error) {
    section.append(h('p', { class: 'note' }, `The poll results could not be loaded (${results.message}).`));
    return section;
  }
  const rows = pollRows(results, floor);
  if (!rows.length) {
    section.append(h('p', { class: 'note' }, 'No area on this floor has a poll (entrances have none).'));
    return section;
  }
  // Compact, so the table fits the column beside the map (styles/floor.css: no inline styles, the page's CSP forbids them).
  const th = (text: Node | string, attrs: Record<string, string> = {}) => h('th', attrs, text);
  const td = (text: string, attrs: Record<string, string | number> = {}) => h('td', attrs, text);
  const table = h(
    'table',
    { class: 'poll-results' },
    h('caption', {}, `Mean scores, 1 (poor) to 5 (excellent), ${results.first} to ${results.last}`),
    h('thead', {}, h('tr', {}, th('Area', { scope: 'col', class: 'area' }), th('Answers', { scope: 'col' }), ...POLL_DIMENSIONS.map((d) => th(h('abbr', { title: DIMENSION_LABELS[d] }, POLL_ABBR[d]!), { scope: 'col' })))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { 'data-zone': r.zone },
          th(r.name, { scope: 'row', class: 'area' }),
          td(r.answers),
          ...(r.cells ? r.cells.map((c) => td(c)) : [td('too few answers', { colspan: POLL_DIMENSIONS.length, class: 'suppressed' })]),
        ),
      ),
    ),
  );
  section.append(
    h('div', { class: 'poll-scroll', tabindex: '0', role: 'region', 'aria-label': 'Poll scores by area' }, table),
    h('p', { class: 'note' }, `Scores show once ${results.minAnswers} people have answered about an area; "–": fewer scored that question. Answers are counted per day, whatever the filters above.`),
  );
  return section;
}

/** Hot spots holding at least this share of the floor's people; smaller ones are a lone desk, not a crowd. */
const MIN_HOTSPOT_SHARE = 0.02;

function hotspotList(density: DensityResponse): HTMLElement {
  const spots = density.hotspots ?? [];
  if (!spots.length) return h('p', { class: 'note' }, 'No hot spots: people are spread out (or absent) in this window.');
  return h(
    'section',
    { 'aria-label': 'Hot spots' },
    h('h2', {}, 'Where people congregate'),
    h(
      'ol',
      {},
      ...spots.map((s) =>
        h('li', {}, `${Math.round(s.share * 100)} % of the floor's people in ${s.areaM2.toFixed(0)} m²`, s.zones.length ? `, mostly ${s.zones.slice(0, 2).map((z) => z.name).join(' and ')}` : '', ` (${s.people.toFixed(1)} people on average).`),
      ),
    ),
  );
}

export const floorPage: Page = { id: 'floor', title: 'Floor map', render };
