/**
 * The planners' dashboard: a site picker, page navigation, the signed-in
 * person with a way to sign out, and the page itself. Pages register here;
 * each draws into the main element. Without a session the dashboard shows
 * the sign-in page (#/sign-in), and returns to where the planner was going.
 */
import { ApiError, configureClient, get, type SiteFile, type SiteSummary } from './api/client.js';
import { can, forget, freshCsrfToken, loadSession, ROLE_LABELS, session, signOut } from './auth/session.js';
import { h, notice } from './dom.js';
import { floorPage } from './pages/floor.js';
import type { Page } from './pages/page.js';
import { patternsPage } from './pages/patterns.js';
import { recommendationsPage } from './pages/recommendations.js';
import { sensorsPage } from './pages/sensors.js';
import { setupPage } from './pages/setup.js';
import { renderSignIn } from './pages/sign-in.js';
import { visitsPage } from './pages/visits.js';
import { signInHash } from './transforms/sign-in.js';
import { siteFileFromLists, type FloorListRow, type SensorListRow, type SiteRow, type ZoneListRow } from './transforms/site-model.js';
import { currentRoute, href, setParams } from './router.js';

const PAGES: Page[] = [floorPage, patternsPage, visitsPage, recommendationsPage, sensorsPage, setupPage];

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const account = document.getElementById('account')!;
const sitePickerLabel = document.getElementById('site-picker')!;
const sitePicker = document.getElementById('site') as HTMLSelectElement;
let leave: (() => void)[] = [];
// Each render's number: a render overtaken by a newer one (the planner moved on, or signed out) stops drawing.
let renders = 0;
const siteFiles = new Map<string, SiteFile>();

/** Sends the planner to the sign-in page, remembering the page they were on. */
function toSignIn(): void {
  forget();
  siteFiles.clear();
  if (currentRoute().page !== 'sign-in') location.hash = signInHash(location.hash);
}

configureClient({ onUnauthorized: toSignIn, refreshCsrf: freshCsrfToken });

/** The header's right-hand corner: who is signed in, their role, and "Sign out". */
function drawAccount(): void {
  const s = session();
  if (s?.state !== 'signed-in') {
    account.replaceChildren();
    return;
  }
  const { principal } = s;
  const out = h('button', { type: 'button', class: 'sign-out' }, 'Sign out');
  out.addEventListener('click', () => {
    out.disabled = true;
    signOut()
      .catch(() => undefined)
      .finally(() => {
        siteFiles.clear();
        location.hash = '#/sign-in';
      });
  });
  account.replaceChildren(
    h('span', { class: 'who' }, principal.name, h('span', { class: 'role' }, ROLE_LABELS[principal.role] ?? principal.role)),
    // An API key (a script, a kiosk) has no session to end.
    ...(principal.kind === 'session' ? [out] : []),
  );
}

function chrome(visible: boolean): void {
  sitePickerLabel.hidden = !visible;
  nav.hidden = !visible;
  drawAccount();
}

async function render(mine: number): Promise<void> {
  for (const fn of leave) fn();
  leave = [];
  const overtaken = () => mine !== renders;
  const route = currentRoute();
  if (route.page === 'sign-in') {
    // Already signed in (a bookmark, the back button): the page sends the planner on.
    if (!route.params.has('link') && session() === null) await loadSession().catch(() => undefined);
    if (overtaken()) return;
    chrome(false);
    document.title = 'Sign in · Hearth';
    await renderSignIn(main, route.params, (next) => (location.hash = next));
    return;
  }
  const state = session() ?? (await loadSession());
  if (overtaken()) return;
  if (state.state === 'signed-out') {
    toSignIn();
    return;
  }
  chrome(true);
  const sites = await get<SiteSummary[]>('/sites');
  if (overtaken()) return;
  if (sites.length === 0) {
    nav.replaceChildren();
    main.replaceChildren(notice(can('admin') ? 'No sites yet. Import a site file on the Setup page or with POST /api/v1/sites/import.' : 'No sites to show: ask an administrator to give you access to your library.'));
    return;
  }
  const site = sites.find((s) => s.key === route.params.get('site')) ?? sites[0]!;
  if (sitePicker.options.length !== sites.length) sitePicker.replaceChildren(...sites.map((s) => h('option', { value: s.key }, s.name)));
  sitePicker.value = site.key;
  const pages = PAGES.filter((p) => can(p.minRole));
  const page = PAGES.find((p) => p.id === route.page) ?? pages[0]!;
  nav.replaceChildren(
    ...pages.map((p) => h('a', { href: href(p.id, { site: site.key }), 'aria-current': p.id === page.id ? 'page' : undefined }, p.title)),
    h('a', { href: `/public/${encodeURIComponent(site.key)}`, target: '_blank', rel: 'noopener' }, 'Public page ↗'),
  );
  document.title = `${page.title} · ${site.name} · Hearth`;
  if (!can(page.minRole)) {
    main.replaceChildren(h('h1', {}, page.title), notice(`This page needs the ${page.minRole} role or above; ask an administrator if you need it.`));
    return;
  }
  let siteFile = siteFiles.get(site.key);
  if (!siteFile) siteFiles.set(site.key, (siteFile = await loadSiteFile(site.key)));
  if (overtaken()) return;
  const root = h('div', { class: `page page-${page.id}` });
  main.replaceChildren(h('h1', {}, page.title), root);
  await page.render({ sites, site, siteFile, params: route.params, root, onLeave: (fn) => leave.push(fn) });
}

/**
 * The site's declaration the pages draw from: the site file for planners and
 * above (who may download it); for a viewer, the same picture from the lists
 * of floors, zones and sensors they may read.
 */
async function loadSiteFile(key: string): Promise<SiteFile> {
  const site = encodeURIComponent(key);
  if (can('planner')) {
    try {
      return await get<SiteFile>(`/sites/${site}/site-file`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 403)) throw e;
    }
  }
  const [row, floors, zones, sensors] = await Promise.all([
    get<SiteRow>(`/sites/${site}`),
    get<FloorListRow[]>(`/sites/${site}/floors`),
    get<ZoneListRow[]>(`/sites/${site}/zones`),
    get<SensorListRow[]>(`/sites/${site}/sensors`),
  ]);
  return siteFileFromLists(row, floors, zones, sensors);
}

function show(): void {
  const mine = ++renders;
  render(mine).catch((e: unknown) => {
    // A 401 has already sent the planner to the sign-in page; a render overtaken by another one has nothing to say.
    if ((e instanceof ApiError && e.status === 401) || mine !== renders) return;
    main.replaceChildren(notice(`Could not load this page: ${(e as Error).message}`, 'error'));
  });
}

sitePicker.addEventListener('change', () => setParams({ site: sitePicker.value, floor: null }));
window.addEventListener('hashchange', show);
show();
