/**
 * Setup: declare a library through the API. Import a site file, an IMDF
 * archive or a floor's SVG plan; draw zones on the plan and edit their
 * outline, name, category and capacity; place, add and retire sensors. Every
 * change is sent at once and the page then re-reads the site from the server,
 * so what it shows is what is stored. Everything works from the keyboard:
 * outline points and positions are number inputs, arrow keys nudge the
 * selected sensor by 0.1 m (Shift: 1 m), Enter closes an outline being
 * drawn and Escape cancels.
 *
 * Stable test hooks (data-testid):
 *   setup-status              the aria-live region with the outcome of the last action
 *   setup-plan                the drawing surface (SVG, one unit per metre, origin top-left)
 *   plan-zone-<key>           a zone on the plan; plan-sensor-<key> a sensor; plan-vertex-<i> a point of the outline being drawn or edited
 *   floor-<key>               the floor buttons
 *   setup-new-zone            start drawing a zone (then click points on setup-plan; plan-vertex-0 or Enter closes it)
 *   zone-key, zone-name, zone-category, zone-capacity
 *   vertex-x-<i>, vertex-y-<i>, vertex-remove-<i>, point-x, point-y, point-add   the outline as numbers
 *   zone-close, zone-save, zone-delete, zone-cancel
 *   edit-zone-<key>           select a zone from the list
 *   sensor-pick, sensor-edit  choose a sensor of this floor from a list
 *   setup-new-sensor          start adding a sensor (then click setup-plan to place it)
 *   sensor-key, sensor-kind, sensor-x, sensor-y, sensor-zone, sensor-in, sensor-out
 *   sensor-save, sensor-retire, sensor-cancel
 *   import-site-file, import-site-check, import-site-run              site file (YAML/JSON)
 *   import-imdf-file, import-imdf-tz, import-imdf-site, import-imdf-check, import-imdf-run
 *   import-plan-file, import-plan-upload                              SVG plan of the shown floor
 *   import-report             the last import's report
 */
import '../styles/setup.css';
import { ApiError, del, get, patch, post, type FloorRow, type Point, type SiteFile } from '../api/client.js';
import { planEditor, type PlanEditorData } from '../charts/plan-editor.js';
import { dataTable, figure, fmt, h, notice } from '../dom.js';
import { href, setParams } from '../router.js';
import {
  areaM2,
  IMPORT_COLUMNS,
  importRows,
  importSummary,
  nudge,
  OUTSIDE,
  SENSOR_KINDS,
  sensorBody,
  sensorProblems,
  sensorsUsingZone,
  ZONE_CATEGORIES,
  zoneProblems,
  type ImportReport,
  type SensorDraft,
  type SensorKind,
  type ZoneDraft,
} from '../transforms/setup-edit.js';
import type { Page, PageContext } from './page.js';

interface FloorInfo extends FloorRow {
  size: { width: number; height: number };
  planFormat: 'svg' | 'geojson' | null;
}

/** The server's state of the site: its declaration, and the numeric ids the editing endpoints take. */
interface Stored {
  file: SiteFile;
  floors: FloorInfo[];
  zoneIds: Map<string, number>;
  sensorIds: Map<string, number>;
}

type Selection = { kind: 'none' } | { kind: 'zone'; id: number | null; draft: ZoneDraft; closed: boolean } | { kind: 'sensor'; id: number | null; draft: SensorDraft };

type FileFloor = SiteFile['floors'][number];
type FileSensor = FileFloor['sensors'][number] & { status?: 'active' | 'retired' };

const enc = encodeURIComponent;

async function load(site: string): Promise<Stored> {
  const [file, floors, zones, sensors] = await Promise.all([
    get<SiteFile>(`/sites/${enc(site)}/site-file`),
    get<FloorInfo[]>(`/sites/${enc(site)}/floors`),
    get<{ id: number; key: string }[]>(`/sites/${enc(site)}/zones`),
    get<{ id: number; key: string }[]>(`/sites/${enc(site)}/sensors`),
  ]);
  return {
    file,
    floors,
    zoneIds: new Map(zones.map((z) => [z.key, z.id])),
    sensorIds: new Map(sensors.map((s) => [s.key, s.id])),
  };
}

const newZone = (): Selection => ({ kind: 'zone', id: null, draft: { key: '', name: '', category: '', capacity: 0, polygon: [] }, closed: false });

const labelled = (text: string, control: HTMLElement, hint?: string) => h('label', { class: 'field' }, h('span', {}, text), control, hint ? h('small', {}, hint) : null);

function numberInput(testid: string, value: number | string, label: string, onChange: (v: number) => void, step = 0.1): HTMLInputElement {
  return h('input', { type: 'number', step, value, 'aria-label': label, 'data-testid': testid, inputmode: 'decimal', onchange: (e: Event) => onChange(Number((e.target as HTMLInputElement).value)) });
}

function selectOf(testid: string, options: [string, string][], value: string, onChange: (v: string) => void, placeholder?: string): HTMLSelectElement {
  return h(
    'select',
    { 'data-testid': testid, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    placeholder !== undefined ? h('option', { value: '', selected: value === '' }, placeholder) : null,
    ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );
}

async function render(ctx: PageContext): Promise<void> {
  const site = ctx.site.key;
  let stored = await load(site);
  let selection: Selection = { kind: 'none' };
  let planVersion = Date.now();
  /** Sensor moves not yet confirmed by the server, drawn where the planner put them. */
  const pendingMoves = new Map<string, Point>();
  let nudgeTimer: ReturnType<typeof setTimeout> | undefined;

  const status = h('div', { class: 'setup-status', 'aria-live': 'polite', 'data-testid': 'setup-status' });
  const toolbar = h('div', {});
  const planWrap = h('div', { class: 'map-wrap setup-plan-wrap' });
  const figureSlot = h('div', {});
  const panel = h('aside', { class: 'setup-panel', 'aria-label': 'Edit' });
  const importSlot = h('section', { class: 'setup-import', 'aria-labelledby': 'setup-import-title' });
  const report = h('div', { class: 'import-report', 'data-testid': 'import-report' });
  ctx.root.replaceChildren(status, toolbar, h('div', { class: 'layout' }, figureSlot, panel), importSlot);

  const floor = (): FileFloor | undefined => stored.file.floors.find((f) => f.id === (ctx.params.get('floor') ?? stored.file.floors[0]?.id));
  const floorRow = (key: string) => stored.floors.find((f) => f.key === key);

  function say(text: string, kind: 'ok' | 'error' = 'ok'): void {
    status.replaceChildren(h('p', { class: `setup-message ${kind}` }, text));
  }

  /** Rebuilds part of the page and puts the focus back on the control that had it. */
  function keepFocus(rebuild: () => void): void {
    const active = document.activeElement as HTMLElement | SVGElement | null;
    const testid = active && ctx.root.contains(active) ? active.getAttribute('data-testid') : null;
    rebuild();
    if (testid) (ctx.root.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null)?.focus();
  }

  function sayFailure(e: unknown): void {
    say(e instanceof ApiError ? e.message : `Could not reach the server: ${(e as Error).message}`, 'error');
  }

  /**
   * Runs a change against the server, then re-reads the site so the page
   * shows what is stored, with `next` (read after the refresh) selected.
   */
  async function act(done: string, change: () => Promise<unknown>, next = (): Selection => ({ kind: 'none' })): Promise<boolean> {
    try {
      await change();
      await refresh();
    } catch (e) {
      sayFailure(e);
      return false;
    }
    selection = next();
    renderAll();
    say(done);
    return true;
  }

  async function refresh(): Promise<void> {
    stored = await load(site);
    // The other pages read the same declaration: keep it in step with the server.
    Object.assign(ctx.siteFile, stored.file);
  }

  // ---- the plan ----

  function planData(f: FileFloor): PlanEditorData {
    const row = floorRow(f.id);
    const sel = selection;
    const sensors = (f.sensors as FileSensor[])
      .filter((s) => s.status !== 'retired')
      .map((s) => ({ key: s.id, kind: s.kind, position: sel.kind === 'sensor' && sel.draft.key === s.id && sel.id !== null ? sel.draft.position : (pendingMoves.get(s.id) ?? s.position) }));
    if (sel.kind === 'sensor' && sel.id === null && Number.isFinite(sel.draft.position[0]) && Number.isFinite(sel.draft.position[1])) sensors.push({ key: sel.draft.key || 'new', kind: sel.draft.kind, position: sel.draft.position });
    return {
      width: f.size.width,
      height: f.size.height,
      planHref: row?.planFormat === 'svg' ? `/api/v1/floors/${row.id}/plan?v=${planVersion}` : null,
      zones: f.zones.map((z) => ({ key: z.id, name: z.name, polygon: z.polygon })),
      sensors,
      selectedZone: sel.kind === 'zone' && sel.id !== null ? sel.draft.key : null,
      selectedSensor: sel.kind === 'sensor' ? sel.draft.key || 'new' : null,
      draft: sel.kind === 'zone' ? { points: sel.draft.polygon, closed: sel.closed } : null,
      mode: sel.kind === 'zone' && !sel.closed ? 'draw' : sel.kind === 'sensor' && sel.id === null ? 'place' : 'select',
      label: `Plan of ${f.name}, ${f.size.width} by ${f.size.height} metres`,
    };
  }

  function renderPlan(): void {
    const f = floor();
    if (!f) return;
    keepFocus(() =>
      planWrap.replaceChildren(
        planEditor(planData(f), {
          onPick: (p) => {
            if (selection.kind === 'zone') {
              selection.draft.polygon.push(p);
              renderPanel();
            } else if (selection.kind === 'sensor') {
              selection.draft.position = p;
              renderPanel();
            }
            renderPlan();
          },
          onClose: closeOutline,
          onSelectZone: (key) => {
            if (selection.kind === 'zone' && selection.draft.key === key) return;
            selectZone(key);
          },
          onSelectSensor: (key) => {
            if (selection.kind === 'sensor' && selection.draft.key === key) return;
            selectSensor(key);
          },
          onSensorDrop: (key, p) => void moveSensor(key, p),
          onVertexDrop: (i, p) => {
            if (selection.kind !== 'zone') return;
            selection.draft.polygon[i] = p;
            renderPanel();
            renderPlan();
          },
          onSensorKey: (key, event) => {
            const f2 = floor();
            const current = planData(f2!).sensors.find((s) => s.key === key);
            const next = current && f2 ? nudge(current.position, event.key, event.shiftKey, f2.size) : null;
            if (!next) return;
            if (selection.kind === 'sensor' && selection.draft.key === key) selection.draft.position = next;
            pendingMoves.set(key, next);
            renderPlan();
            syncSensorInputs(next);
            // Save once the keys rest, not on every press.
            clearTimeout(nudgeTimer);
            nudgeTimer = setTimeout(() => void moveSensor(key, next), 400);
          },
        }),
      ),
    );
  }

  function syncSensorInputs([x, y]: Point): void {
    for (const [testid, v] of [['sensor-x', x], ['sensor-y', y]] as const) {
      const input = panel.querySelector(`[data-testid="${testid}"]`) as HTMLInputElement | null;
      if (input) input.value = String(v);
    }
  }

  /** Saves a sensor's new position; it stays selected so it can be moved on, and snaps back if the server refuses. */
  async function moveSensor(key: string, p: Point): Promise<void> {
    const id = stored.sensorIds.get(key);
    if (id === undefined) return;
    pendingMoves.set(key, p);
    const reselect = (): Selection => {
      const draft = sensorDraftOf(key);
      return draft ? { kind: 'sensor', id, draft } : { kind: 'none' };
    };
    const save = () => patch(`/sensors/${id}`, { position: p }).finally(() => pendingMoves.delete(key));
    if (await act(`Moved sensor "${key}" to ${p[0]}, ${p[1]} m.`, save, reselect)) return;
    selection = reselect();
    renderAll();
  }

  // ---- selection ----

  function zoneDraftOf(key: string): ZoneDraft | null {
    const z = floor()?.zones.find((x) => x.id === key);
    return z ? { key: z.id, name: z.name, category: z.category, capacity: z.capacity, polygon: z.polygon.map((p) => [...p] as Point) } : null;
  }

  function sensorDraftOf(key: string): SensorDraft | null {
    const s = floor()?.sensors.find((x) => x.id === key);
    return s ? { key: s.id, kind: s.kind, position: [...s.position] as Point, zone: s.zone ?? '', inTo: s.inTo ?? '', outTo: s.outTo ?? '' } : null;
  }

  function selectZone(key: string): void {
    const draft = zoneDraftOf(key);
    if (!draft) return;
    selection = { kind: 'zone', id: stored.zoneIds.get(key) ?? null, draft, closed: true };
    renderAll();
    say(`Editing zone "${draft.name}". Drag its points on the plan or type them.`);
  }

  function selectSensor(key: string): void {
    const draft = sensorDraftOf(key);
    if (!draft) return;
    selection = { kind: 'sensor', id: stored.sensorIds.get(key) ?? null, draft };
    renderAll();
    (planWrap.querySelector(`[data-sensor="${key}"]`) as SVGElement | null)?.focus();
    say(`Sensor "${key}" selected. Drag it, or use the arrow keys on the plan, to move it.`);
  }

  function cancel(): void {
    clearTimeout(nudgeTimer);
    selection = { kind: 'none' };
    renderAll();
    say('Cancelled.');
  }

  function closeOutline(): void {
    if (selection.kind !== 'zone' || selection.closed) return;
    if (selection.draft.polygon.length < 3) {
      say('An outline needs at least 3 points before it can be closed.', 'error');
      return;
    }
    selection.closed = true;
    renderAll();
    (panel.querySelector('[data-testid="zone-key"]') as HTMLInputElement | null)?.focus();
    say(`Outline closed with ${selection.draft.polygon.length} points. Fill in the zone and save it.`);
  }

  // ---- the side panel ----

  function zoneForm(sel: Extract<Selection, { kind: 'zone' }>, f: FileFloor): HTMLElement {
    const d = sel.draft;
    const isNew = sel.id === null;
    const points = h(
      'table',
      { class: 'data-table points' },
      h('caption', {}, `Outline (${d.polygon.length} points${d.polygon.length >= 3 ? `, ${fmt.n(areaM2(d.polygon), 1)} m²` : ''})`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'x (m)'), h('th', { scope: 'col' }, 'y (m)'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
      h(
        'tbody',
        {},
        ...d.polygon.map((p, i) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, String(i + 1)),
            h('td', {}, numberInput(`vertex-x-${i}`, p[0], `Point ${i + 1} x in metres`, (v) => ((d.polygon[i] = [v, d.polygon[i]![1]]), renderPlan()))),
            h('td', {}, numberInput(`vertex-y-${i}`, p[1], `Point ${i + 1} y in metres`, (v) => ((d.polygon[i] = [d.polygon[i]![0], v]), renderPlan()))),
            h('td', {}, h('button', { type: 'button', class: 'small', 'data-testid': `vertex-remove-${i}`, 'aria-label': `Remove point ${i + 1}`, onclick: () => (d.polygon.splice(i, 1), renderAll()) }, '✕')),
          ),
        ),
      ),
    );
    const px = numberInput('point-x', '', 'New point x in metres', () => undefined);
    const py = numberInput('point-y', '', 'New point y in metres', () => undefined);
    const addPoint = () => {
      const p: Point = [Number(px.value), Number(py.value)];
      if (px.value === '' || py.value === '' || !p.every(Number.isFinite)) return say('Type both x and y of the point, in metres.', 'error');
      d.polygon.push(p);
      renderAll();
      say(`Point ${d.polygon.length} added at ${p[0]}, ${p[1]} m.`);
    };
    return h(
      'form',
      {
        class: 'setup-form',
        novalidate: true,
        'aria-labelledby': 'setup-form-title',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void saveZone(sel, f);
        },
      },
      h('h2', { id: 'setup-form-title' }, isNew ? 'New zone' : `Zone “${d.name}”`),
      !sel.closed ? h('p', { class: 'hint' }, 'Click the plan to add points; click the first point or press Enter to close the outline; Escape cancels. Or type the points below.') : null,
      labelled('Key', h('input', { value: d.key, required: true, readonly: !isNew, 'data-testid': 'zone-key', autocomplete: 'off', oninput: (e: Event) => (d.key = (e.target as HTMLInputElement).value.trim()) }), isNew ? 'a-z, 0-9, "-" or "_"; it names the zone in the API and cannot be changed later' : 'keys cannot be changed'),
      labelled('Name', h('input', { value: d.name, required: true, maxlength: 120, 'data-testid': 'zone-name', oninput: (e: Event) => (d.name = (e.target as HTMLInputElement).value) })),
      labelled('Category', selectOf('zone-category', ZONE_CATEGORIES.map((c) => [c, c.replace('_', ' ')]), d.category, (v) => (d.category = v), 'Choose…')),
      labelled('Capacity (seats)', h('input', { type: 'number', min: 0, step: 1, value: d.capacity, 'data-testid': 'zone-capacity', oninput: (e: Event) => (d.capacity = Number((e.target as HTMLInputElement).value)) })),
      points,
      h('div', { class: 'add-point' }, px, py, h('button', { type: 'button', 'data-testid': 'point-add', onclick: addPoint }, 'Add point')),
      h(
        'div',
        { class: 'actions' },
        !sel.closed ? h('button', { type: 'button', 'data-testid': 'zone-close', disabled: d.polygon.length < 3, onclick: closeOutline }, 'Close outline') : null,
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'zone-save' }, isNew ? 'Save zone' : 'Save changes'),
        h('button', { type: 'button', 'data-testid': 'zone-cancel', onclick: cancel }, 'Cancel'),
        !isNew ? h('button', { type: 'button', class: 'danger', 'data-testid': 'zone-delete', onclick: () => void deleteZone(sel) }, 'Delete zone') : null,
      ),
    );
  }

  async function saveZone(sel: Extract<Selection, { kind: 'zone' }>, f: FileFloor): Promise<void> {
    const d = sel.draft;
    const taken = new Set([...stored.zoneIds.keys()].filter((k) => sel.id === null || k !== d.key));
    const problems = zoneProblems(d, f.size, taken);
    if (problems.length) return say(`The zone cannot be saved yet:\n• ${problems.join('\n• ')}`, 'error');
    const fields = { name: d.name.trim(), category: d.category, capacity: d.capacity, polygon: d.polygon };
    if (sel.id === null) await act(`Zone "${d.name}" saved (${fmt.n(areaM2(d.polygon), 1)} m²).`, () => post(`/sites/${enc(site)}/zones`, { id: d.key, floor: f.id, ...fields }));
    else await act(`Zone "${d.name}" updated.`, () => patch(`/zones/${sel.id}`, fields));
  }

  async function deleteZone(sel: Extract<Selection, { kind: 'zone' }>): Promise<void> {
    const used = sensorsUsingZone(stored.file.floors, sel.draft.key);
    if (used.length) return say(`Zone "${sel.draft.name}" cannot be deleted while sensors count into it or lead to it: ${used.join(', ')}. Give them another zone first.`, 'error');
    if (!window.confirm(`Delete zone "${sel.draft.name}" (${sel.draft.key})?`)) return say('Nothing deleted.');
    await act(`Zone "${sel.draft.name}" deleted.`, () => del(`/zones/${sel.id}`));
  }

  function sensorForm(sel: Extract<Selection, { kind: 'sensor' }>, f: FileFloor): HTMLElement {
    const d = sel.draft;
    const isNew = sel.id === null;
    const retired = (f.sensors as FileSensor[]).find((s) => s.id === d.key)?.status === 'retired';
    const floorZones: [string, string][] = f.zones.map((z) => [z.id, `${z.name} (${z.id})`]);
    const allZones: [string, string][] = [[OUTSIDE, 'Outside the building'], ...stored.file.floors.flatMap((fl) => fl.zones.map((z): [string, string] => [z.id, `${z.name} (${fl.name})`]))];
    const setPosition = (i: 0 | 1) => (v: number) => {
      d.position = i === 0 ? [v, d.position[1]] : [d.position[0], v];
      renderPlan();
    };
    return h(
      'form',
      {
        class: 'setup-form',
        novalidate: true,
        'aria-labelledby': 'setup-form-title',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void saveSensor(sel, f);
        },
      },
      h('h2', { id: 'setup-form-title' }, isNew ? 'New sensor' : `Sensor “${d.key}”${retired ? ' (retired)' : ''}`),
      isNew ? h('p', { class: 'hint' }, 'Click the plan to place it, or type its position. Escape cancels.') : h('p', { class: 'hint' }, 'Drag it on the plan, or focus it there and use the arrow keys (0.1 m; Shift: 1 m): moves are saved at once.'),
      labelled('Key', h('input', { value: d.key, required: true, readonly: !isNew, autocomplete: 'off', 'data-testid': 'sensor-key', oninput: (e: Event) => (d.key = (e.target as HTMLInputElement).value.trim()) }), isNew ? 'the id the device publishes under' : undefined),
      labelled(
        'Kind',
        selectOf('sensor-kind', SENSOR_KINDS.map((k) => [k, k === 'desk' ? 'Desk (occupied or not)' : k === 'door' ? 'Door (counts in and out)' : 'Zone (head count)']), d.kind, (v) => {
          d.kind = v as SensorKind;
          renderAll();
        }),
      ),
      h('div', { class: 'add-point' }, labelled('x (m)', numberInput('sensor-x', d.position[0], 'x in metres', setPosition(0))), labelled('y (m)', numberInput('sensor-y', d.position[1], 'y in metres', setPosition(1)))),
      d.kind === 'door'
        ? h('div', {}, labelled('In to', selectOf('sensor-in', allZones, d.inTo, (v) => (d.inTo = v), 'Choose…')), labelled('Out to', selectOf('sensor-out', allZones, d.outTo, (v) => (d.outTo = v), 'Choose…')))
        : labelled('Zone', selectOf('sensor-zone', floorZones, d.zone, (v) => (d.zone = v), 'Choose…')),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'sensor-save' }, isNew ? 'Add sensor' : 'Save changes'),
        h('button', { type: 'button', 'data-testid': 'sensor-cancel', onclick: cancel }, 'Cancel'),
        !isNew && !retired ? h('button', { type: 'button', class: 'danger', 'data-testid': 'sensor-retire', onclick: () => void retireSensor(sel) }, 'Retire sensor') : null,
      ),
    );
  }

  async function saveSensor(sel: Extract<Selection, { kind: 'sensor' }>, f: FileFloor): Promise<void> {
    const d = sel.draft;
    const taken = new Set([...stored.sensorIds.keys()].filter((k) => sel.id === null || k !== d.key));
    const problems = sensorProblems(d, f.size, taken);
    if (problems.length) return say(`The sensor cannot be saved yet:\n• ${problems.join('\n• ')}`, 'error');
    if (sel.id === null) await act(`Sensor "${d.key}" added.`, () => post(`/sites/${enc(site)}/sensors`, { id: d.key, floor: f.id, ...sensorBody(d) }));
    else await act(`Sensor "${d.key}" updated.`, () => patch(`/sensors/${sel.id}`, sensorBody(d)));
  }

  async function retireSensor(sel: Extract<Selection, { kind: 'sensor' }>): Promise<void> {
    if (!window.confirm(`Retire sensor "${sel.draft.key}"? Its readings are kept, but it stops counting.`)) return say('Nothing retired.');
    await act(`Sensor "${sel.draft.key}" retired.`, () => del(`/sensors/${sel.id}`));
  }

  function overview(f: FileFloor): HTMLElement {
    // Retired sensors are listed too (not drawn): one that still names a zone keeps that zone from being deleted.
    const all = f.sensors as FileSensor[];
    const pick = selectOf('sensor-pick', all.map((s) => [s.id, `${s.id} (${s.kind}${s.status === 'retired' ? ', retired' : ''})`]), '', () => undefined, 'Choose a sensor…');
    return h(
      'div',
      { class: 'setup-form' },
      h('h2', {}, f.name),
      h('p', { class: 'hint' }, 'Select a zone or sensor on the plan or below, draw a new zone, or add a sensor.'),
      f.zones.length ? h('ul', { class: 'zone-list' }, ...f.zones.map((z) => h('li', {}, h('button', { type: 'button', 'data-testid': `edit-zone-${z.id}`, onclick: () => selectZone(z.id) }, `Edit ${z.name}`)))) : notice('No zones on this floor yet.'),
      all.length ? h('div', { class: 'add-point' }, labelled('Sensor', pick), h('button', { type: 'button', 'data-testid': 'sensor-edit', onclick: () => pick.value && selectSensor(pick.value) }, 'Edit sensor')) : notice('No sensors on this floor yet.'),
    );
  }

  function renderPanel(): void {
    const f = floor();
    if (!f) return;
    const sel = selection;
    keepFocus(() => panel.replaceChildren(sel.kind === 'zone' ? zoneForm(sel, f) : sel.kind === 'sensor' ? sensorForm(sel, f) : overview(f)));
  }

  function renderToolbar(f: FileFloor | undefined): void {
    toolbar.replaceChildren(
      h(
        'div',
        { class: 'toolbar' },
        h('fieldset', {}, h('legend', {}, 'Floor'), ...stored.file.floors.map((fl) => h('button', { type: 'button', 'aria-pressed': String(fl.id === f?.id), 'data-testid': `floor-${fl.id}`, onclick: () => setParams({ floor: fl.id }) }, fl.name))),
        f
          ? h(
              'fieldset',
              {},
              h('legend', {}, 'Add'),
              h('button', { type: 'button', 'data-testid': 'setup-new-zone', 'aria-pressed': String(selection.kind === 'zone' && selection.id === null), onclick: startZone }, 'New zone'),
              h('button', { type: 'button', 'data-testid': 'setup-new-sensor', 'aria-pressed': String(selection.kind === 'sensor' && selection.id === null), onclick: startSensor }, 'Add sensor'),
            )
          : null,
        h('a', { href: `/api/v1/sites/${enc(site)}/site-file`, download: `${site}.site.json` }, 'Download the site file'),
      ),
    );
  }

  function startZone(): void {
    selection = newZone();
    renderAll();
    planWrap.querySelector('svg')?.focus();
    say('Drawing a new zone: click the plan to add points, or type them in the form.');
  }

  function startSensor(): void {
    selection = { kind: 'sensor', id: null, draft: { key: '', kind: 'desk', position: [NaN, NaN], zone: '', inTo: '', outTo: '' } };
    renderAll();
    say('Adding a sensor: click the plan to place it, or type its position.');
  }

  function renderAll(): void {
    keepFocus(() => renderEverything(floor()));
  }

  function renderEverything(f: FileFloor | undefined): void {
    renderToolbar(f);
    if (!f) {
      figureSlot.replaceChildren(notice('This site has no floors yet. Import a site file or an IMDF archive below.'));
      panel.replaceChildren();
    } else {
      const zonesTable = dataTable(
        `Zones of ${f.name}`,
        ['Key', 'Name', 'Category', 'Capacity', 'Area (m²)', 'Outline (m)'],
        f.zones.map((z) => [z.id, z.name, z.category, z.capacity, fmt.n(areaM2(z.polygon), 1), z.polygon.map((p) => `(${p[0]}, ${p[1]})`).join(' ')]),
      );
      figureSlot.replaceChildren(
        figure(`${f.name}: ${f.size.width} × ${f.size.height} m`, planWrap, zonesTable, 'Squares are door counters, small circles desk sensors, large circles zone head counts. Origin top-left, y downwards, in metres.'),
      );
      renderPlan();
      renderPanel();
    }
    renderImport(f);
  }

  // ---- imports ----

  function showReport(r: ImportReport): void {
    report.replaceChildren(
      h(
        'div',
        {},
        h('p', {}, importSummary(r)),
        dataTable(r.dryRun ? 'What the import would change' : 'What the import changed', IMPORT_COLUMNS, importRows(r)),
        r.warnings?.length ? h('div', {}, h('h3', {}, 'Warnings'), h('ul', {}, ...r.warnings.map((w) => h('li', {}, w)))) : null,
        r.site !== site && !r.dryRun ? h('p', {}, h('a', { href: href('setup', { site: r.site }) }, `Open site "${r.site}"`)) : null,
      ),
    );
  }

  async function runImport(path: string, body: string | ArrayBuffer, contentType: string): Promise<void> {
    try {
      const r = await post<ImportReport>(path, body, contentType);
      if (!r.dryRun && r.site === site) {
        await refresh();
        selection = { kind: 'none' };
        renderAll();
      }
      showReport(r);
      say(importSummary(r));
    } catch (e) {
      sayFailure(e);
      // Also beside the import forms, where the planner is looking; the live region has announced it.
      report.replaceChildren(h('p', { class: 'setup-message error' }, status.textContent ?? ''));
    }
  }

  function fileInput(testid: string, accept: string): HTMLInputElement {
    return h('input', { type: 'file', accept, 'data-testid': testid });
  }

  function chosen(input: HTMLInputElement, what: string): File | null {
    const file = input.files?.[0] ?? null;
    if (!file) say(`Choose ${what} first.`, 'error');
    return file;
  }

  function renderImport(f: FileFloor | undefined): void {
    const siteFile = fileInput('import-site-file', '.yaml,.yml,.json,text/yaml,application/json');
    const importSite = async (dryRun: boolean) => {
      const file = chosen(siteFile, 'a site file');
      if (file) await runImport(`/sites/import${dryRun ? '?dryRun=true' : ''}`, await file.text(), 'text/yaml');
    };
    const imdf = fileInput('import-imdf-file', '.zip,application/zip');
    const tz = h('input', { value: stored.file.site.timeZone, 'data-testid': 'import-imdf-tz', required: true });
    const imdfSite = h('input', { value: '', placeholder: 'from the archive', 'data-testid': 'import-imdf-site', autocomplete: 'off' });
    const importImdf = async (dryRun: boolean) => {
      const file = chosen(imdf, 'an IMDF archive (.zip)');
      if (!file) return;
      const query = new URLSearchParams({ timeZone: tz.value.trim() });
      if (imdfSite.value.trim()) query.set('site', imdfSite.value.trim());
      if (dryRun) query.set('dryRun', 'true');
      await runImport(`/sites/import/imdf?${query}`, await file.arrayBuffer(), 'application/zip');
    };
    const plan = fileInput('import-plan-file', '.svg,image/svg+xml');
    const row = f ? floorRow(f.id) : undefined;
    const uploadPlan = async () => {
      const file = chosen(plan, 'an SVG file');
      if (!file || !f || !row) return;
      const ok = await act(`Plan of ${f.name} replaced.`, () => file.text().then((svg) => patch(`/floors/${row.id}`, { plan: { svg } })), () => selection);
      if (ok) {
        planVersion = Date.now();
        renderPlan();
      }
    };
    const buttons = (prefix: string, run: (dryRun: boolean) => Promise<void>) =>
      h('div', { class: 'actions' }, h('button', { type: 'button', 'data-testid': `${prefix}-check`, onclick: () => void run(true) }, 'Check (dry run)'), h('button', { type: 'button', class: 'primary', 'data-testid': `${prefix}-run`, onclick: () => void run(false) }, 'Import'));
    importSlot.replaceChildren(
      h('h2', { id: 'setup-import-title' }, 'Import'),
      h('p', { class: 'hint' }, 'An import makes the site match the file: zones it leaves out are deleted and sensors it leaves out are retired (their readings are kept). Check first to see what would change.'),
      h(
        'div',
        { class: 'import-forms' },
        h('fieldset', {}, h('legend', {}, 'Site file (YAML or JSON)'), labelled('File', siteFile), buttons('import-site', importSite)),
        h('fieldset', {}, h('legend', {}, 'IMDF archive (.zip)'), labelled('File', imdf), labelled('Time zone', tz, 'IANA name, e.g. Europe/London'), labelled('Site key', imdfSite, 'optional'), buttons('import-imdf', importImdf)),
        f && row
          ? h(
              'fieldset',
              {},
              h('legend', {}, `Floor plan of ${f.name} (SVG)`),
              labelled('File', plan, `drawn with its top-left corner at the floor's origin, scaled to ${f.size.width} × ${f.size.height} m`),
              h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'import-plan-upload', onclick: () => void uploadPlan() }, row.planFormat ? 'Replace plan' : 'Upload plan')),
            )
          : null,
      ),
      report,
    );
  }

  // ---- keys that act on the whole page ----

  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === 'Escape' && selection.kind !== 'none' && target.tagName !== 'SELECT') {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter' && selection.kind === 'zone' && !selection.closed && !target.closest('input, select, textarea, button, a')) {
      event.preventDefault();
      closeOutline();
    }
  };
  document.addEventListener('keydown', onKey);
  ctx.onLeave(() => {
    document.removeEventListener('keydown', onKey);
    clearTimeout(nudgeTimer);
  });

  renderAll();
}

export const setupPage: Page = {
  id: 'setup',
  title: 'Setup',
  minRole: 'planner',
  render,
};
