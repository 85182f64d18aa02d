/**
 * Small DOM helpers. Text from the database (names of sites, zones, sensors)
 * only ever goes in through `textContent` or attributes, never as HTML.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null | ((e: Event) => void)>;

/** An HTML element with attributes (on* keys become listeners) and children (strings as text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'object' ? c : String(c));
  return el;
}

/** A button that shows whether its choice is the current one (aria-pressed), for one-click choices. */
export function toggle(label: string, pressed: boolean, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { type: 'button', 'aria-pressed': String(pressed), onclick: onClick, ...attrs }, label);
}

/** A table of rows: the data-table alternative every chart comes with. */
export function dataTable(caption: string, columns: string[], rows: (string | number)[][]): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((v, i) => (i === 0 ? h('th', { scope: 'row' }, String(v)) : h('td', {}, String(v))))))),
  );
}

/** A chart with its data table behind a disclosure, so every chart has a text alternative. */
export function figure(title: string, chart: Node, table: HTMLTableElement, note?: string): HTMLElement {
  return h('figure', { class: 'chart' }, h('figcaption', {}, title), chart, note ? h('p', { class: 'note' }, note) : null, h('details', {}, h('summary', {}, 'Data table'), table));
}

/** A message in place of a chart when a window has no data. */
export function notice(text: string, kind: 'empty' | 'error' = 'empty'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export const fmt = {
  n: (v: number | null | undefined, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toLocaleString('en-GB', { maximumFractionDigits: digits })),
  pct: (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`),
};
