/**
 * The patrons' "how busy is it" page at /public/<site>: each floor and zone
 * now and as usual at this hour, in words with a meter, refreshed every 30 s;
 * and an optional, anonymous one-minute poll about an area ("Tell us about
 * this space"), which the refresh leaves alone. No login, no D3, small enough
 * for a phone on a slow connection, and fine inside an iframe on the
 * library's own website.
 */
import './styles/public.css';
import { ApiError, configureClient, get, post } from './api/client.js';
import { levelMeter } from './charts/level-meter.js';
import { h, notice } from './dom.js';
import { comparedWithUsual, hasFigures, levelLabel, levelRank, peopleText, siteFromPath, typicalText, type BusyFigure, type BusyFloor, type BusyZone, type PublicBusy } from './transforms/public-busy.js';
import { POLL_DIMENSIONS, pollAnswer, SCORE_LABELS, zonesByFloor, type PollQuestions } from './transforms/public-poll.js';

const REFRESH_MS = 30_000;
// Patrons need no session, and a planner's cookie must not travel with an anonymous poll answer.
configureClient({ credentials: 'omit' });
const root = document.getElementById('busy')!;
const site = siteFromPath(location.pathname);
// The figures and their footer are redrawn on every refresh; the poll between them is not, so a half-filled form survives.
const figures = h('div', { class: 'figures' });
const pollHost = h('div', { class: 'poll-host' });
const footer = h('footer', {});
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
  figures.replaceChildren(
    h('header', {}, h('h1', {}, `How busy is ${data.name}?`), h('p', { class: `status ${data.open ? 'open' : 'closed'}` }, h('strong', {}, data.open ? 'Open now' : 'Closed now'), ` · updated ${clock(data.asOf)}`)),
    ...(problem ? [notice(problem, 'error')] : []),
    ...data.floors.map(floorSection),
  );
  footer.replaceChildren(
    h('p', {}, `To protect privacy, fewer than ${data.minCount} people are shown as "a few". "Usually" is the middle of the last six weeks at this weekday and hour.`),
    h('p', {}, `This page updates itself every ${REFRESH_MS / 1000} seconds.`),
  );
}

// ---- The poll: pick an area, score any of six questions 1..5, send; counted anonymously ----

/** One question as a group of radio buttons: "Skip" (chosen at first), then 1 (poor) to 5 (excellent). */
function scoreGroup(d: PollQuestions['dimensions'][number]): HTMLFieldSetElement {
  const name = `poll-${d.key}`;
  const choice = (value: string, label: Node[]) => {
    const id = `${name}-${value || 'skip'}`;
    return h('span', { class: `choice${value ? '' : ' skip'}` }, h('input', { type: 'radio', name, id, value, checked: value === '' }), h('label', { for: id }, ...label));
  };
  return h(
    'fieldset',
    { class: 'poll-question', 'data-dimension': d.key },
    h('legend', {}, d.question),
    h(
      'div',
      { class: 'scale' },
      choice('', [document.createTextNode('Skip')]),
      ...[1, 2, 3, 4, 5].map((n) => choice(String(n), [h('span', { class: 'score' }, String(n)), h('span', { class: 'score-word' }, ` ${SCORE_LABELS[n]}`)])),
    ),
  );
}

/** The poll form; after a successful answer, a thank-you (with a way to answer about another area). */
function pollSection(q: PollQuestions): HTMLElement {
  const section = h('section', { class: 'poll', 'aria-labelledby': 'poll-title' });
  const title = h('h2', { id: 'poll-title' }, 'Tell us about this space');
  const showForm = (focus = false) => {
    const zone = h(
      'select',
      { id: 'poll-zone', name: 'zone' },
      h('option', { value: '' }, 'Choose an area…'),
      ...zonesByFloor(q).map((g) => h('optgroup', { label: g.name }, ...g.zones.map((z) => h('option', { value: z.key }, z.name)))),
    );
    const status = h('p', { class: 'poll-status', 'aria-live': 'polite' });
    const send = h('button', { type: 'submit' }, 'Send my answer');
    const form = h(
      'form',
      { novalidate: true },
      h('p', { class: 'poll-area' }, h('label', { for: 'poll-zone' }, 'Which area are you telling us about?'), zone),
      h('p', { class: 'poll-scale-note' }, 'Score each question from 1 (poor) to 5 (excellent), or skip it.'),
      ...q.dimensions.filter((d) => (POLL_DIMENSIONS as readonly string[]).includes(d.key)).map(scoreGroup),
      send,
      status,
    );
    const problem = (text: string) => {
      status.setAttribute('role', 'alert');
      status.textContent = text;
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const answer = pollAnswer(zone.value, Object.fromEntries(POLL_DIMENSIONS.map((d) => [d, data.get(`poll-${d}`) as string | null])));
      if ('error' in answer) {
        problem(answer.error);
        if (!zone.value) zone.focus();
        return;
      }
      send.disabled = true;
      status.removeAttribute('role');
      status.textContent = 'Sending…';
      post<{ accepted: true }>(`/public/sites/${site}/poll`, answer)
        .then(() => showThanks(q.zones.find((z) => z.key === answer.zone)?.name ?? 'this area'))
        .catch((err: Error) => {
          send.disabled = false;
          problem(`Sorry, your answer could not be sent: ${err.message}. Please try again.`);
        });
    });
    section.replaceChildren(
      title,
      h('p', {}, `A one-minute poll, optional and anonymous: we count the scores per area and day, never who gave them. Scores are shown to staff only once ${q.minAnswers} answers have come in.`),
      form,
    );
    if (focus) zone.focus();
  };
  const showThanks = (area: string) => {
    const thanks = h('p', { class: 'poll-thanks', role: 'status', tabindex: '-1' }, `Thank you! Your answer about ${area} has been counted.`);
    section.replaceChildren(title, thanks, h('button', { type: 'button', class: 'poll-again', onclick: () => showForm(true) }, 'Tell us about another area'));
    thanks.focus();
  };
  showForm();
  return section;
}

/** Loads the poll once; a site without areas to ask about, or a poll that cannot load, leaves the page as it was. */
async function loadPoll(): Promise<void> {
  try {
    const q = await get<PollQuestions>(`/public/sites/${site}/poll`);
    if (q.zones.length) pollHost.replaceChildren(pollSection(q));
  } catch {
    // The busy figures are what the page is for; the poll is optional.
  }
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
    else figures.replaceChildren(notice(message, 'error'));
  }
  // Hidden tabs wait until they are shown again.
  if (document.visibilityState === 'visible') timer = window.setTimeout(refresh, REFRESH_MS);
}

if (site) {
  figures.replaceChildren(...root.childNodes);
  root.replaceChildren(figures, pollHost, footer);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  void refresh();
  void loadPoll();
} else {
  root.replaceChildren(notice('This address does not name a library: it should look like /public/<library>.', 'error'));
}
