/**
 * Recommendations: what a library director or facilities planner could change
 * in the layout, and what it would cost. For the chosen window, the headline
 * figures, then each recommendation with its priority, finding, evidence (the
 * numbers, and a floor plan or an hourly chart) and options with no, a low and
 * a high budget, each with the way to check afterwards whether it worked.
 * Filters by floor and priority work in the page (and stay in the address, so
 * a filtered view can be bookmarked); the report, the recommendations and the
 * data behind them download as PDF, CSV and GeoJSON.
 */
import { get, type Recommendation, type RecommendationsResponse } from '../api/client.js';
import { evidenceMap, hourlyEvidenceChart } from '../charts/evidence-figures.js';
import { dataTable, figure, h, notice } from '../dom.js';
import { setParams } from '../router.js';
import { pickablePeriods, type AnalysisWindow } from '../transforms/analysis-window.js';
import {
  evidenceMapData,
  exportLinks,
  filterParams,
  filterRecommendations,
  floorChoices,
  formatValue,
  hourlyChartData,
  hourlyDescription,
  hourSpan,
  isFloorChoice,
  metricRows,
  optionViews,
  priorityChoices,
  priorityLabel,
  priorityTally,
  readFilter,
  recommendationsWindow,
  whereText,
  zoneNames,
  type FilterChoice,
  type OptionView,
  type RecommendationFilter,
} from '../transforms/recommendations.js';
import { localDate } from '../transforms/windows.js';
import type { Page, PageContext } from './page.js';
import { windowControls } from './patterns.js';

type EvidenceFigure = NonNullable<Recommendation['evidence']['figure']>;

async function render(ctx: PageContext): Promise<void> {
  const { site, siteFile, params, root } = ctx;
  const periods = pickablePeriods(siteFile.site.periods);
  const window = recommendationsWindow(params, localDate(siteFile.site.timeZone), periods);
  const body = h('div', { class: 'rec-body' }, notice('Loading…'));
  root.replaceChildren(
    h('div', { class: 'toolbar' }, windowControls(window, periods)),
    h('p', { class: 'note', role: 'status' }, `${site.name}, ${window.label}.`),
    exportsNav(site.key, window),
    body,
  );
  root.setAttribute('aria-busy', 'true');
  try {
    const r = await get<RecommendationsResponse>(`/sites/${encodeURIComponent(site.key)}/recommendations`, { from: window.from, to: window.to });
    body.replaceChildren(...content(ctx, r));
  } catch (e) {
    body.replaceChildren(notice(`Could not load the recommendations: ${(e as Error).message}`, 'error'));
  } finally {
    root.setAttribute('aria-busy', 'false');
  }
}

/** Downloads for the window on screen: plain links, so they work from the keyboard and open in a new tab too. */
function exportsNav(site: string, w: AnalysisWindow): HTMLElement {
  return h(
    'nav',
    { class: 'rec-exports', 'aria-label': 'Downloads for this window' },
    h('span', { class: 'note' }, 'Download:'),
    h('ul', {}, ...exportLinks(site, w).map((l) => h('li', {}, h('a', { class: 'chip', href: l.href, download: true, type: l.type, 'data-export': l.label }, l.label)))),
  );
}

function content(ctx: PageContext, r: RecommendationsResponse): HTMLElement[] {
  const w = r.window;
  const head = h(
    'section',
    { class: 'rec-summary', 'aria-labelledby': 'rec-summary-title' },
    h('h2', { id: 'rec-summary-title' }, 'At a glance'),
    h('p', { class: 'note' }, `${r.name}, ${w.first} to ${w.last}: ${w.openDays} open days, ${formatValue(w.openHours)} open hours. ${priorityTally(r.recommendations)}`),
    r.summary.length ? h('dl', { class: 'stats' }, ...r.summary.map((s) => h('div', {}, h('dt', {}, s.label), h('dd', {}, s.display)))) : null,
  );
  const notes = r.evidenceNotes.length ? h('ul', { class: 'rec-notes' }, ...r.evidenceNotes.map((n) => h('li', {}, n))) : null;
  if (r.recommendations.length === 0) {
    return [head, h('section', { class: 'rec-section', 'aria-labelledby': 'rec-list-title' }, h('h2', { id: 'rec-list-title' }, 'Recommendations'), notice('No recommendations for this window'), notes ? h('p', {}, 'What the data of this window lacked:') : null, notes)];
  }
  return [head, recommendationsSection(ctx, r.recommendations), notes ? h('section', { class: 'rec-section', 'aria-labelledby': 'rec-notes-title' }, h('h2', { id: 'rec-notes-title' }, 'Gaps in the evidence'), notes) : null].filter((n): n is HTMLElement => n !== null);
}

/**
 * The recommendations with their filters. Choosing a filter redraws the list
 * in place (no new request) and records the choice in the address without a
 * history entry; the buttons stay put, so keyboard focus stays on them.
 */
function recommendationsSection(ctx: PageContext, recs: Recommendation[]): HTMLElement {
  const { siteFile } = ctx;
  const names = zoneNames(siteFile);
  let filter: RecommendationFilter = readFilter(ctx.params, siteFile.floors.map((f) => f.id));
  const list = h('ol', { class: 'rec-list' });
  const shown = h('p', { class: 'note', role: 'status' });
  const empty = notice('No recommendations match these filters.');
  const choose = (next: RecommendationFilter) => {
    filter = next;
    setParams(filterParams(filter), true);
    update();
  };
  const floorButtons = floorChoices(recs, siteFile, filter).map((c) => ({ c, el: h('button', { type: 'button', onclick: () => choose({ ...filter, floor: c.value }) }) }));
  const priorityButtons = priorityChoices(recs, filter).map((c) => ({ c, el: h('button', { type: 'button', onclick: () => choose({ ...filter, priority: c.value }) }) }));
  const label = <T>(el: HTMLButtonElement, c: FilterChoice<T>, pressed: boolean) => {
    el.textContent = `${c.label} (${c.count})`;
    el.setAttribute('aria-pressed', String(pressed));
  };
  const update = () => {
    floorChoices(recs, siteFile, filter).forEach((c, i) => label(floorButtons[i]!.el, c, isFloorChoice(c.value, filter)));
    priorityChoices(recs, filter).forEach((c, i) => label(priorityButtons[i]!.el, c, c.value === filter.priority));
    const kept = filterRecommendations(recs, filter);
    shown.textContent = kept.length === recs.length ? `Showing all ${recs.length} recommendations, highest priority first.` : `Showing ${kept.length} of ${recs.length} recommendations.`;
    list.replaceChildren(...kept.map((rec) => h('li', {}, card(ctx, rec, names))));
    list.hidden = kept.length === 0;
    empty.hidden = kept.length > 0;
  };
  const section = h(
    'section',
    { class: 'rec-section', 'aria-labelledby': 'rec-list-title' },
    h('h2', { id: 'rec-list-title' }, 'Recommendations'),
    h(
      'div',
      { class: 'toolbar rec-filters' },
      h('fieldset', {}, h('legend', {}, 'Floor'), ...floorButtons.map((b) => b.el)),
      h('fieldset', {}, h('legend', {}, 'Priority'), ...priorityButtons.map((b) => b.el)),
    ),
    shown,
    empty,
    list,
  );
  update();
  return section;
}

function card(ctx: PageContext, rec: Recommendation, names: Map<string, string>): HTMLElement {
  const titleId = `rec-${rec.id.replace(/[^a-z0-9-]/gi, '-')}`;
  const metrics = metricRows(rec, names);
  return h(
    'article',
    { class: `rec-card priority-${rec.priority}`, 'aria-labelledby': titleId, 'data-recommendation': rec.id },
    h('p', { class: 'rec-meta' }, h('span', { class: `rec-priority priority-${rec.priority}` }, priorityLabel(rec.priority)), ' ', h('span', { class: 'note' }, whereText(rec, ctx.siteFile, names))),
    h('h3', { id: titleId }, rec.title),
    h('p', { class: 'rec-finding' }, rec.finding),
    h(
      'div',
      { class: 'rec-evidence' },
      h('h4', {}, 'Evidence'),
      metrics.length
        ? h('dl', { class: 'rec-metrics' }, ...metrics.flatMap((m) => [h('dt', {}, m.label, m.zone ? h('span', { class: 'note' }, ` (${m.zone})`) : null), h('dd', {}, m.display)]))
        : h('p', { class: 'note' }, 'No figures for this finding.'),
      rec.evidence.figure ? evidenceFigure(ctx, rec.evidence.figure) : null,
    ),
    h('h4', {}, 'Options'),
    h('ul', { class: 'rec-options' }, ...optionViews(rec, names).map((o) => option(o))),
  );
}

function option(o: OptionView): HTMLElement {
  return h(
    'li',
    { class: `rec-option budget-${o.budget}` },
    h('h5', {}, o.label),
    h('p', { class: 'rec-action' }, o.action),
    h('p', {}, h('strong', {}, 'Expected effect: '), o.expectedEffect),
    h(
      'dl',
      { class: 'rec-check' },
      h('dt', {}, 'How to check'),
      h('dd', {}, o.check.measure),
      h('dt', {}, 'Direction'),
      h('dd', {}, o.check.direction),
      h('dt', {}, 'By'),
      h('dd', {}, o.check.by),
      h('dt', {}, 'When'),
      h('dd', {}, o.check.after),
    ),
  );
}

function evidenceFigure(ctx: PageContext, f: EvidenceFigure): HTMLElement {
  if (f.kind === 'floor-map') {
    const data = evidenceMapData(f, ctx.siteFile);
    if (!data) return notice(`The plan of floor “${f.floor}” is not in the site file.`);
    return h(
      'figure',
      { class: 'chart rec-figure' },
      h('div', { class: 'rec-figure-frame' }, evidenceMap(data)),
      h('figcaption', {}, data.description, data.missing.length ? ` Not on the plan: ${data.missing.join(', ')}.` : ''),
    );
  }
  const data = hourlyChartData(f);
  const description = hourlyDescription(f);
  return figure(
    f.series.map((s) => s.label).join(', ') || 'By hour of day',
    hourlyEvidenceChart(data, description),
    dataTable(
      'Values by hour of day',
      ['Hour', ...f.series.map((s) => s.label)],
      data.hours.map((hour) => [hourSpan(hour), ...f.series.map((s) => formatValue(s.values[hour] ?? 0))]),
    ),
    description,
  );
}

export const recommendationsPage: Page = { id: 'recommendations', title: 'Recommendations', minRole: 'director', render };
