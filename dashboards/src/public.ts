/**
 * The patrons' "how busy is it" page at /public/<site>: each floor and zone
 * now and as usual at this hour, in words with a meter, refreshed every 30 s.
 * No login, no D3, small enough for a phone on a slow connection, and fine
 * inside an iframe on the library's own website.
 */
import './styles/public.css';
import { ApiError, get } from './api/client.js';
import { levelMeter } from './charts/level-meter.js';
import { h, notice } from './dom.js';
import { comparedWithUsual, hasFigures, levelLabel, levelRank, peopleText, siteFromPath, typicalText, type BusyFigure, type BusyFloor, type BusyZone, type PublicBusy } from './transforms/public-busy.js';

const REFRESH_MS = 30_000;
const root = document.getElementById('busy')!;
const site = siteFromPath(location.pathname);
let last: PublicBusy | null = null;
let timer: number | undefined;

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The level as a meter and a word, with the people count under it. */
function levelBlock(f: BusyFigure, size: 'large' | 'small'): HTMLElement {
  const word = levelLabel(f.level);
  const people = peopleText(f);
  return h(
    'div',
    { class: `level ${size}` },
    levelMeter(levelRank(f.level), { label: `${word}${people ? `, ${people}` : ''}`, width: size === 'large' ? 64 : 40, height: size === 'large' ? 40 : 24 }),
    h('p', { class: 'level-text', 'aria-hidden': 'true' }, h('span', { class: 'level-word' }, word), people ? h('span', { class: 'people' }, people) : null),
  );
}

function usualLine(f: BusyZone): HTMLElement {
  const compared = comparedWithUsual(f.level, f.typical.level);
  return h('p', { class: 'usual' }, compared ? h('strong', {}, `${compared}. `) : null, typicalText(f.typical));
}

function zoneItem(z: BusyZone): HTMLElement {
  return h('li', { class: 'zone' }, h('h3', {}, z.name), levelBlock(z, 'small'), usualLine(z));
}

function floorSection(f: BusyFloor): HTMLElement {
  const zones = f.zones.filter(hasFigures);
  return h(
    'section',
    { class: 'floor', 'aria-labelledby': `floor-${f.key}` },
    h('h2', { id: `floor-${f.key}` }, f.name),
    levelBlock(f, 'large'),
    usualLine(f),
    zones.length ? h('ul', { class: 'zones', 'aria-label': `Areas on ${f.name}` }, ...zones.map(zoneItem)) : null,
  );
}

function render(data: PublicBusy, problem?: string): void {
  document.title = `How busy is ${data.name}?`;
  root.replaceChildren(
    h('header', {}, h('h1', {}, `How busy is ${data.name}?`), h('p', { class: `status ${data.open ? 'open' : 'closed'}` }, h('strong', {}, data.open ? 'Open now' : 'Closed now'), ` · updated ${clock(data.asOf)}`)),
    ...(problem ? [notice(problem, 'error')] : []),
    ...data.floors.map(floorSection),
    h(
      'footer',
      {},
      h('p', {}, `To protect privacy, fewer than ${data.minCount} people are shown as "a few". "Usually" is the middle of the last six weeks at this weekday and hour.`),
      h('p', {}, `This page updates itself every ${REFRESH_MS / 1000} seconds.`),
    ),
  );
}

async function refresh(): Promise<void> {
  window.clearTimeout(timer);
  try {
    last = await get<PublicBusy>(`/public/sites/${site}/busy`);
    render(last);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      root.replaceChildren(notice('There is no library at this address: check the link.', 'error'));
      return;
    }
    const message = `Could not update just now (${(e as Error).message}).`;
    if (last) render(last, `${message} Showing the figures from ${clock(last.asOf)}.`);
    else root.replaceChildren(notice(message, 'error'));
  }
  // Hidden tabs wait until they are shown again.
  if (document.visibilityState === 'visible') timer = window.setTimeout(refresh, REFRESH_MS);
}

if (site) {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  void refresh();
} else {
  root.replaceChildren(notice('This address does not name a library: it should look like /public/<library>.', 'error'));
}
