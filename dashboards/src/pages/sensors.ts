/**
 * Sensors: which of a site's sensors are working (last reading, battery,
 * offline after a chosen silence), sensors publishing without a site with a
 * form to claim them, readings stored by kind, and dead letters by reason.
 */
import { get, post } from '../api/client.js';
import { can } from '../auth/session.js';
import { hbarChart } from '../charts/hbar-chart.js';
import { dataTable, figure, fmt, h, notice } from '../dom.js';
import { setParams } from '../router.js';
import {
  ago,
  batteryText,
  byUrgency,
  countByHealth,
  DEFAULT_SILENCE_HOURS,
  guessKind,
  LOW_BATTERY_PCT,
  placement,
  readingText,
  SILENCE_CHOICES,
  type Health,
  type SensorRow,
  type SiteStats,
  type UnclaimedSensor,
} from '../transforms/sensor-health.js';
import type { Page, PageContext } from './page.js';
import '../styles/sensors.css';

/** Symbols beside the words, so the status never rests on colour. */
const HEALTH_MARK: Record<Health, string> = { ok: '✓', offline: '✕', 'never seen': '?', retired: '–' };

const statusCell = (health: Health) => h('span', { class: `health health-${health.replace(' ', '-')}` }, h('span', { 'aria-hidden': 'true' }, HEALTH_MARK[health]), ` ${health}`);
const timeCell = (iso: string | null, now: number) => (iso ? h('time', { datetime: iso, title: new Date(iso).toLocaleString('en-GB') }, ago(iso, now)) : 'never');

const SHOW_CHOICES: [string, string][] = [
  ['all', 'all sensors'],
  ['offline', 'offline'],
  ['never seen', 'never seen'],
  ['ok', 'working'],
  ['retired', 'retired'],
];

function showControl(show: string): HTMLElement {
  const select = h('select', { id: 'sensor-show', onchange: (e: Event) => setParams({ show: (e.target as HTMLSelectElement).value }, true) }, ...SHOW_CHOICES.map(([v, t]) => h('option', { value: v, selected: v === show }, t)));
  return h('span', {}, h('label', { for: 'sensor-show' }, 'Show '), select);
}

function silenceControl(hours: number): HTMLElement {
  const select = h('select', { id: 'sensor-silence', onchange: (e: Event) => setParams({ silence: (e.target as HTMLSelectElement).value }, true) }, ...SILENCE_CHOICES.map((c) => h('option', { value: c, selected: c === hours }, `${c} h`)));
  return h('span', {}, h('label', { for: 'sensor-silence' }, 'Offline after no reading for '), select, h('span', { class: 'note' }, ' (sensors send a heartbeat at least every 6 hours)'));
}

function summary(rows: { health: Health; batteryPct: number | null }[], stats: SiteStats): HTMLElement {
  const counts = countByHealth(rows);
  const low = rows.filter((r) => r.health !== 'retired' && r.batteryPct !== null && r.batteryPct < LOW_BATTERY_PCT).length;
  const card = (title: string, value: string | number, note?: string, alert = false) => h('div', { class: `card stat${alert ? ' alert' : ''}` }, h('p', { class: 'stat-title' }, title), h('p', { class: 'stat-value' }, String(value)), note ? h('p', { class: 'note' }, note) : null);
  return h(
    'div',
    { class: 'cards sensor-summary' },
    card('Working', counts.ok, `of ${rows.length - counts.retired} active sensors`),
    card('Offline', counts.offline, 'silent past the limit', counts.offline > 0),
    card('Never seen', counts['never seen'], 'declared, no reading received', counts['never seen'] > 0),
    card('Low battery', low, `under ${LOW_BATTERY_PCT} %`, low > 0),
    card('Readings stored', fmt.n(stats.events.total, 0), stats.events.last ? `latest ${new Date(stats.events.last).toLocaleString('en-GB')}` : 'none yet'),
  );
}

function sensorTable(all: (SensorRow & { health: Health })[], show: string, now: number): HTMLElement {
  if (!all.length) return notice('This site has no sensors yet. Declare them in the site file (Setup page), or claim unclaimed ones below.');
  const rows = show === 'all' ? all : all.filter((s) => s.health === show);
  if (!rows.length) return notice(`No sensors are ${SHOW_CHOICES.find(([v]) => v === show)?.[1] ?? show} now.`);
  return h(
    'table',
    { class: 'data-table sensors-table' },
    h('caption', {}, `${rows.length} of ${all.length} sensors, problems first`),
    h('thead', {}, h('tr', {}, ...['Sensor', 'Status', 'Kind', 'Where', 'Last reading', 'Battery'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((s) =>
        h(
          'tr',
          { class: `row-${s.health.replace(' ', '-')}` },
          h('th', { scope: 'row' }, s.key),
          h('td', {}, statusCell(s.health)),
          h('td', {}, s.kind ?? '–'),
          h('td', {}, placement(s)),
          h('td', {}, timeCell(s.lastSeenAt, now)),
          h('td', { class: s.batteryPct !== null && s.batteryPct < LOW_BATTERY_PCT ? 'low' : undefined }, batteryText(s.batteryPct)),
        ),
      ),
    ),
  );
}

/** A select of options [value, text]. */
const select = (name: string, options: [string, string][], value?: string | null) => h('select', { name, required: true }, ...options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)));

/** The claim form of one unclaimed sensor: where it is and what it counts, into this site. */
function claimForm(sensor: UnclaimedSensor, ctx: PageContext, done: (message: string) => void): HTMLFormElement {
  const floors = ctx.siteFile.floors;
  const status = h('p', { class: 'claim-status', role: 'status' });
  const kind = select('kind', [['desk', 'desk (occupied or not)'], ['zone', 'zone (head count)'], ['door', 'door (people in and out)']], sensor.kind ?? guessKind(sensor.latestReadings));
  const floor = select('floor', floors.map((f) => [f.id, f.name]));
  const zoneFields = h('span', { class: 'claim-zone' });
  const x = h('input', { name: 'x', type: 'number', step: '0.1', min: '0', required: true, size: 6 });
  const y = h('input', { name: 'y', type: 'number', step: '0.1', min: '0', required: true, size: 6 });

  /** Zone choices follow the floor (desks and zone counters sit in a zone; doors lead between two places). */
  const refreshPlace = () => {
    const f = floors.find((fl) => fl.id === floor.value) ?? floors[0]!;
    const zones: [string, string][] = f.zones.map((z) => [z.id, z.name]);
    x.max = String(f.size.width);
    y.max = String(f.size.height);
    if (!x.value) x.value = String(Math.round(f.size.width * 5) / 10);
    if (!y.value) y.value = String(Math.round(f.size.height * 5) / 10);
    const sides: [string, string][] = [['outside', 'outside'], ...zones];
    zoneFields.replaceChildren(
      ...(kind.value === 'door'
        ? [h('label', {}, 'From ', select('outTo', sides, 'outside')), h('label', {}, ' into ', select('inTo', sides, zones[0]?.[0]))]
        : [h('label', {}, 'Zone ', select('zone', zones))]),
    );
  };
  kind.addEventListener('change', refreshPlace);
  floor.addEventListener('change', refreshPlace);
  refreshPlace();

  const form = h(
    'form',
    { class: 'claim-form', 'aria-label': `Claim ${sensor.key} into ${ctx.site.name}` },
    h('label', {}, 'Kind ', kind),
    h('label', {}, 'Floor ', floor),
    zoneFields,
    h('fieldset', {}, h('legend', {}, 'Position on the floor (metres)'), h('label', {}, 'x ', x), h('label', {}, ' y ', y)),
    h('button', { type: 'submit' }, `Claim into ${ctx.site.name}`),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const field = (k: string) => (data.get(k) as string | null) ?? undefined;
    const body = {
      site: ctx.site.key,
      floor: field('floor'),
      kind: field('kind'),
      position: [Number(field('x')), Number(field('y'))],
      ...(field('kind') === 'door' ? { inTo: field('inTo'), outTo: field('outTo') } : { zone: field('zone') }),
    };
    const button = form.querySelector('button')!;
    button.disabled = true;
    status.textContent = 'Claiming…';
    post<SensorRow>(`/sensors/${sensor.id}/claim`, body)
      .then((claimed) => done(`${claimed.key} now belongs to ${ctx.site.name} (${placement(claimed)}); its earlier readings came with it.`))
      .catch((err: Error) => {
        status.textContent = `Could not claim it: ${err.message}`;
        status.className = 'claim-status error';
        button.disabled = false;
      });
  });
  return form;
}

function unclaimedList(sensors: UnclaimedSensor[], ctx: PageContext, now: number, done: (message: string) => void): HTMLElement {
  if (!sensors.length) return notice('No unclaimed sensors: every sensor that publishes belongs to a site.');
  // Those whose topic named this site first.
  const ordered = [...sensors].sort((a, b) => Number(b.announcedSite === ctx.site.key) - Number(a.announcedSite === ctx.site.key));
  return h(
    'ul',
    { class: 'unclaimed' },
    ...ordered.map((s) =>
      h(
        'li',
        { class: 'card' },
        h('h3', {}, s.key),
        h(
          'dl',
          {},
          h('dt', {}, 'Published to site'),
          h('dd', {}, s.announcedSite ?? '–', s.announcedSite && s.announcedSite !== ctx.site.key ? h('span', { class: 'note' }, ` (not ${ctx.site.key})`) : null),
          h('dt', {}, 'Last reading'),
          h('dd', {}, timeCell(s.lastSeenAt ?? s.latestReadings[0]?.ts ?? null, now)),
          h('dt', {}, 'Battery'),
          h('dd', {}, batteryText(s.batteryPct)),
          h('dt', {}, 'Latest readings'),
          h('dd', {}, s.latestReadings.length ? h('ul', { class: 'readings' }, ...s.latestReadings.map((r) => h('li', {}, timeCell(r.ts, now), ': ', readingText(r)))) : 'none stored'),
        ),
        h('details', {}, h('summary', {}, 'Claim this sensor'), claimForm(s, ctx, done)),
      ),
    ),
  );
}

function readingsByKind(stats: SiteStats): HTMLElement {
  const rows = Object.entries(stats.events.byKind)
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count);
  if (!rows.length) return notice('No readings stored for this site yet.');
  const span = stats.events.first && stats.events.last ? `from ${new Date(stats.events.first).toLocaleDateString('en-GB')} to ${new Date(stats.events.last).toLocaleDateString('en-GB')}` : undefined;
  return figure(
    'Readings stored, by kind',
    hbarChart(rows.map((r) => ({ label: r.label, bars: [{ value: r.count, text: fmt.n(r.count, 0) }] })), { ariaLabel: `Readings stored by kind: ${rows.map((r) => `${r.label} ${r.count}`).join(', ')}`, labelWidth: 150 }),
    dataTable('Readings stored by kind', ['Kind', 'Readings'], rows.map((r) => [r.label, fmt.n(r.count, 0)])),
    span,
  );
}

/** Dead letters filed under this site's key, by reason (the payloads themselves stay in the dead-letter table). */
async function deadLetters(site: string): Promise<HTMLElement> {
  const summary = await get<{ total: number; byReason: { reason: string; count: number; last: string }[] }>(`/sites/${site}/dead-letters`);
  const rows = summary.byReason;
  if (!rows.length) return notice('No payloads refused for this site.');
  return figure(
    'Payloads refused (dead letters), by reason',
    hbarChart(rows.map((r) => ({ label: r.reason.replaceAll('_', ' '), bars: [{ value: r.count, text: fmt.n(r.count, 0) }] })), { ariaLabel: `Dead letters by reason: ${rows.map((r) => `${r.reason} ${r.count}`).join(', ')}`, labelWidth: 150 }),
    dataTable('Dead letters by reason', ['Reason', 'Payloads', 'Latest'], rows.map((r) => [r.reason, fmt.n(r.count, 0), new Date(r.last).toLocaleString()])),
    `${fmt.n(summary.total, 0)} in all.`,
  );
}

export const sensorsPage: Page = {
  id: 'sensors',
  title: 'Sensors',
  async render(ctx) {
    const silence = Number(ctx.params.get('silence')) || DEFAULT_SILENCE_HOURS;
    const show = ctx.params.get('show') ?? 'all';
    const site = encodeURIComponent(ctx.site.key);
    const message = h('div', { role: 'status' });
    const sections = h('div', {});

    const load = async () => {
      const now = Date.now();
      // Unclaimed sensors and dead letters are for planners (who can claim and fix them); a viewer sees the site's own sensors.
      const planner = can('planner');
      const [sensors, unclaimed, stats, dead] = await Promise.all([
        get<SensorRow[]>(`/sites/${site}/sensors`),
        planner ? get<UnclaimedSensor[]>('/sensors/unclaimed') : null,
        get<SiteStats>(`/sites/${site}/stats`),
        planner ? deadLetters(site) : null,
      ]);
      const rows = byUrgency(sensors, now, silence);
      const unclaimedSection = unclaimed
        ? h(
            'section',
            { 'aria-labelledby': 'unclaimed-h' },
            h('h2', { id: 'unclaimed-h' }, `Unclaimed sensors (${unclaimed.length})`),
            h('p', { class: 'note' }, 'Sensors that publish but are not declared in any site. Claiming one assigns it to this site; its stored readings are kept.'),
            unclaimedList(unclaimed, ctx, now, (text) => {
              message.replaceChildren(notice(text));
              void load();
            }),
          )
        : null;
      sections.replaceChildren(
        summary(rows, stats),
        h('section', { 'aria-labelledby': 'sensors-h' }, h('h2', { id: 'sensors-h' }, 'Sensors of this site'), sensorTable(rows, show, now)),
        ...(unclaimedSection ? [unclaimedSection] : []),
        h('section', { 'aria-labelledby': 'stored-h' }, h('h2', { id: 'stored-h' }, dead ? 'Readings and dead letters' : 'Readings'), readingsByKind(stats), dead),
      );
    };

    const showError = (e: unknown) => message.replaceChildren(notice(`Could not load the sensors: ${(e as Error).message}`, 'error'));
    ctx.root.replaceChildren(
      h('div', { class: 'toolbar' }, showControl(show), silenceControl(silence), h('button', { type: 'button', onclick: () => void load().catch(showError) }, 'Refresh')),
      message,
      sections,
    );
    await load().catch(showError);
  },
};

