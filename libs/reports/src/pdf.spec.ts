import { DensityScale } from './colour-scale.js';
import { BUDGET_LABEL, BUDGET_ORDER } from './format.js';
import { renderReportPdf } from './pdf.js';
import type { ReportInput } from './report.js';
import { largeReportFixture, reportFixture } from './report.fixture.js';
import { toWinAnsi } from './win-ansi.js';

interface ReadPage {
  text: string;
  /** Names of the drawing operators on the page, in order, with their arguments. */
  ops: { name: string; args: unknown[] }[];
}

/** Reads a PDF back the way a viewer does: text per page and the drawing operators. */
async function readPdf(data: Buffer): Promise<ReadPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const names = Object.fromEntries(Object.entries(pdfjs.OPS).map(([name, code]) => [code, name]));
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: ReadPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
    const list = await page.getOperatorList();
    pages.push({ text, ops: list.fnArray.map((code, k) => ({ name: names[code], args: list.argsArray[k] ?? [] })) });
  }
  await doc.destroy();
  return pages;
}

/** Text without whitespace, so a title wrapped over two lines still matches. */
const squash = (text: string) => text.replace(/\s+/g, '');

describe('renderReportPdf', () => {
  let input: ReportInput;
  let pdf: Buffer;
  let pages: ReadPage[];
  let all: string;

  beforeAll(async () => {
    input = reportFixture();
    pdf = await renderReportPdf(input);
    pages = await readPdf(pdf);
    all = squash(pages.map((p) => p.text).join('\n'));
  });

  it('is a PDF with a sensible number of pages', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Cover, summary, one page per floor (2), the five recommendations on 2 to 5 pages, methodology and privacy on 1.
    expect(pages.length).toBeGreaterThanOrEqual(1 + 1 + 2 + 2 + 1);
    expect(pages.length).toBeLessThanOrEqual(1 + 1 + 2 + 5 + 1);
  });

  it('shows every recommendation with its title, three budget levels and their actions', () => {
    const n = input.recommendations.length;
    input.recommendations.forEach((rec, i) => {
      const start = all.indexOf(squash(`Recommendation ${i + 1} of ${n}`));
      const end = i + 1 < n ? all.indexOf(squash(`Recommendation ${i + 2} of ${n}`)) : all.indexOf('Methodology', start);
      expect(start).toBeGreaterThan(-1);
      expect(end).toBeGreaterThan(start);
      const section = all.slice(start, end);
      expect(section).toContain(squash(toWinAnsi(rec.title)));
      expect(section).toContain(squash(toWinAnsi(rec.finding)));
      for (const budget of BUDGET_ORDER) {
        expect(section).toContain(squash(BUDGET_LABEL[budget]));
        expect(section).toContain(squash(toWinAnsi(rec.options[budget].action)));
        expect(section).toContain(squash(toWinAnsi(rec.options[budget].expectedEffect)));
      }
      for (const metric of rec.evidence.metrics) expect(section).toContain(squash(toWinAnsi(metric.display)));
    });
    // How to check, spelled out with the zone's name rather than its key.
    expect(all).toContain(squash('Hours above 85 % in Reading room should go down by a third after 4 weeks.'));
  });

  it('has the summary, methodology and privacy sections and their texts', () => {
    expect(pages[1].text).toContain('Executive summary');
    for (const item of input.summary) expect(squash(pages[1].text)).toContain(squash(toWinAnsi(item.display)));
    for (const heading of ['Methodology', 'Privacy']) expect(pages.some((p) => p.text.split('\n').some((line) => line.trim() === heading))).toBe(true);
    for (const paragraph of [...input.methodology, ...input.privacy]) expect(all).toContain(squash(toWinAnsi(paragraph)));
  });

  it('prints characters outside the standard fonts as readable stand-ins, and keeps the ones inside', () => {
    const text = pages.map((p) => p.text).join('\n');
    expect(text).not.toMatch(/[≥→]/);
    expect(squash(text)).toContain(squash('was >= 85 % full'));
    expect(squash(text)).toContain(squash('before opening -> the first open hour'));
    expect(text).toContain('Café');
    expect(text).toContain('Children’s library');
    expect(text).toContain('13:00–17:00');
    expect(squash(text)).toContain(squash('=40 % of the sessions'));
  });

  it('numbers every page but the cover, and the summary points at each recommendation’s page', () => {
    expect(pages[0].text).not.toContain('Page 1 of');
    pages.slice(1).forEach((page, i) => expect(page.text).toContain(`Page ${i + 2} of ${pages.length}`));
    const summary = squash(pages[1].text);
    input.recommendations.forEach((_, i) => {
      const page = pages.findIndex((p) => squash(p.text).includes(squash(`Recommendation ${i + 1} of ${input.recommendations.length}`))) + 1;
      expect(page).toBeGreaterThan(2);
      const line = summary.slice(summary.indexOf(squash(`${i + 1}. ${toWinAnsi(input.recommendations[i].title)}`)));
      expect(line).toMatch(new RegExp(`^[^]*?p\\.${page}(?!\\d)`));
    });
  });

  it('draws each floor as vector shapes coloured by the density scale, with zone names and hot spots', () => {
    const scale = new DensityScale(Math.max(...input.floors.map((f) => f.density!.max)));
    for (const floor of input.floors) {
      const page = pages.find((p) => p.text.includes(`${floor.name}: where people were`))!;
      expect(page).toBeDefined();
      expect(page.ops.some((op) => op.name.startsWith('paintImage'))).toBe(false);
      const fills = new Set(page.ops.filter((op) => op.name === 'setFillRGBColor').map((op) => String(op.args[0])));
      // The densest cell of the floor is painted in its level's colour.
      expect(fills).toContain(scale.colours[scale.level(floor.density!.max)]);
      for (const zone of floor.zones) expect(squash(page.text)).toContain(squash(toWinAnsi(zone.name)));
      for (const spot of floor.hotspots) expect(squash(page.text)).toContain(squash(`${spot.label} · ${Math.round(spot.share * 100)} %`));
      expect(page.text).toContain('People per m²');
    }
    // Ground floor: densest cell 0.02 + 0.9·e^(-0.5/18) + a trace of the other crowds = 0.896 on a 0..1 scale, level
    // floor(0.896 · 24) = 21 of 0..23; first floor: 0.02 + 0.6·e^(-0.125/32) = 0.618, level 14.
    expect(scale.range.max).toBe(1);
    expect(input.floors.map((f) => f.density!.max)).toEqual([0.896, 0.618]);
    expect(scale.level(0.896)).toBe(21);
    expect(scale.level(0.618)).toBe(14);
  });

  it('gives the same bytes for the same report', async () => {
    expect((await renderReportPdf(reportFixture())).equals(pdf)).toBe(true);
  });

  it('renders a large branch: three 0.5 m floors and fifteen recommendations', async () => {
    const large = largeReportFixture();
    const read = await readPdf(await renderReportPdf(large));
    // Cover, summary, 3 floors, 15 recommendations on 5 to 15 pages, closing page.
    expect(read.length).toBeGreaterThanOrEqual(1 + 1 + 3 + 5 + 1);
    expect(read.length).toBeLessThanOrEqual(1 + 1 + 3 + 15 + 1);
    const text = squash(read.map((p) => p.text).join('\n'));
    for (let i = 1; i <= 15; i++) expect(text).toContain(squash(`Recommendation ${i} of 15`));
    expect(squash(read[1].text)).toContain(squash('and 3 more'));
  });

  it('lays out a report without recommendations or density data', async () => {
    const bare: ReportInput = { ...reportFixture(), recommendations: [], floors: reportFixture().floors.map((f) => ({ ...f, density: null, hotspots: [] })) };
    const read = await readPdf(await renderReportPdf(bare));
    // Cover, summary, two floors, methodology and privacy.
    expect(read).toHaveLength(5);
    expect(read[1].text).toContain('None: no pattern');
    expect(read[2].text).toContain('No density data for this floor');
    expect(read[2].text).not.toContain('People per m²');
  });
});
