/**
 * The planners' dashboard: a site picker, page navigation and the page
 * itself. Pages register here; each draws into the main element.
 */
import { get, type SiteFile, type SiteSummary } from './api/client.js';
import { h, notice } from './dom.js';
import { floorPage } from './pages/floor.js';
import type { Page } from './pages/page.js';
import { patternsPage } from './pages/patterns.js';
import { recommendationsPage } from './pages/recommendations.js';
import { sensorsPage } from './pages/sensors.js';
import { setupPage } from './pages/setup.js';
import { visitsPage } from './pages/visits.js';
import { currentRoute, href, setParams } from './router.js';

const PAGES: Page[] = [floorPage, patternsPage, visitsPage, recommendationsPage, sensorsPage, setupPage];

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const sitePicker = document.getElementById('site') as HTMLSelectElement;
let leave: (() => void)[] = [];
const siteFiles = new Map<string, SiteFile>();

async function render(): Promise<void> {
  for (const fn of leave) fn();
  leave = [];
  const route = currentRoute();
  const sites = await get<SiteSummary[]>('/sites');
  if (sites.length === 0) {
    main.replaceChildren(notice('No sites yet. Import a site file on the Setup page or with POST /api/v1/sites/import.'));
    return;
  }
  const site = sites.find((s) => s.key === route.params.get('site')) ?? sites[0]!;
  if (sitePicker.options.length !== sites.length) sitePicker.replaceChildren(...sites.map((s) => h('option', { value: s.key }, s.name)));
  sitePicker.value = site.key;
  const page = PAGES.find((p) => p.id === route.page) ?? PAGES[0]!;
  nav.replaceChildren(
    ...PAGES.map((p) => h('a', { href: href(p.id, { site: site.key }), 'aria-current': p.id === page.id ? 'page' : undefined }, p.title)),
    h('a', { href: `/public/${encodeURIComponent(site.key)}`, target: '_blank', rel: 'noopener' }, 'Public page ↗'),
  );
  document.title = `${page.title} · ${site.name} · Hearth`;
  let siteFile = siteFiles.get(site.key);
  if (!siteFile) siteFiles.set(site.key, (siteFile = await get<SiteFile>(`/sites/${encodeURIComponent(site.key)}/site-file`)));
  const root = h('div', { class: `page page-${page.id}` });
  main.replaceChildren(h('h1', {}, page.title), root);
  await page.render({ sites, site, siteFile, params: route.params, root, onLeave: (fn) => leave.push(fn) });
}

function show(): void {
  render().catch((e: unknown) => main.replaceChildren(notice(`Could not load this page: ${(e as Error).message}`, 'error')));
}

sitePicker.addEventListener('change', () => setParams({ site: sitePicker.value, floor: null }));
window.addEventListener('hashchange', show);
show();
