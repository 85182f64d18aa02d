import PDFDocument from 'pdfkit';
import type { Recommendation } from '@hearth/recommendations';
import { DensityScale } from './colour-scale.js';
import { drawFloorPlan, fitFloor, type Box } from './floor-drawing.js';
import { BUDGET_LABEL, BUDGET_ORDER, PRIORITY_LABEL, categoryLabel, checkSentence, formatDate, formatDay, formatNumber, formatShare } from './format.js';
import { drawHourlyChart } from './hourly-chart.js';
import { tickLabel } from './nice-scale.js';
import type { ReportFloor, ReportInput } from './report.js';
import { COLOUR, FONT, PRIORITY_COLOUR } from './style.js';
import { toWinAnsi } from './win-ansi.js';

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 60, left: 54, right: 54 };
const LEFT = MARGIN.left;
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const FULL_PAGE = BOTTOM - MARGIN.top;

/** A text style: font, size, colour and extra leading. */
interface Style {
  font: string;
  size: number;
  colour: string;
  lineGap?: number;
  characterSpacing?: number;
}

const STYLE = {
  h1: { font: FONT.bold, size: 20, colour: COLOUR.accent },
  h2: { font: FONT.bold, size: 12.5, colour: COLOUR.ink },
  recTitle: { font: FONT.bold, size: 14, colour: COLOUR.ink, lineGap: 1 },
  body: { font: FONT.regular, size: 9.5, colour: COLOUR.ink, lineGap: 2 },
  small: { font: FONT.regular, size: 8.5, colour: COLOUR.ink, lineGap: 1 },
  smallBold: { font: FONT.bold, size: 8.5, colour: COLOUR.ink, lineGap: 1 },
  caption: { font: FONT.regular, size: 8, colour: COLOUR.muted, lineGap: 1 },
  kicker: { font: FONT.bold, size: 7, colour: COLOUR.muted, characterSpacing: 0.4 },
} satisfies Record<string, Style>;

/** Something of known height that can be drawn at a given y. */
interface Part {
  height: number;
  draw(y: number): void;
}

/**
 * Renders the director's report as an A4 PDF: cover, executive summary, a
 * heatmap page per floor, each recommendation with its evidence, figure and
 * the three budget options, then methodology and privacy. Everything is
 * vector (text stays selectable and searchable, maps stay sharp in print) and
 * uses the built-in Helvetica, so the file needs no font files and opens
 * anywhere.
 */
export async function renderReportPdf(input: ReportInput): Promise<Buffer> {
  const generated = new Date(input.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: toWinAnsi(input.title),
      Author: 'Hearth',
      Creator: 'Hearth',
      Subject: toWinAnsi(`How the spaces of ${input.site.name} were used, ${formatDate(input.window.first)} to ${formatDate(input.window.last)}`),
      ...(Number.isNaN(generated.getTime()) ? {} : { CreationDate: generated }),
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new ReportWriter(doc, input).render();
  doc.end();
  return finished;
}

/** Lays the report out page by page; one instance per document. */
class ReportWriter {
  private readonly zoneNames = new Map<string, string>();
  private readonly floorsByKey = new Map<string, ReportFloor>();
  private readonly scale: DensityScale;
  /** Page index where each recommendation starts, for the summary's page references. */
  private readonly recPages: number[] = [];
  /** Where the summary left room for those page references. */
  private readonly pageRefs: { page: number; index: number; y: number }[] = [];

  constructor(
    private readonly doc: Doc,
    private readonly input: ReportInput,
  ) {
    for (const floor of input.floors) {
      this.floorsByKey.set(floor.floor, floor);
      for (const zone of floor.zones) if (!this.zoneNames.has(zone.zone)) this.zoneNames.set(zone.zone, zone.name);
    }
    // One scale for every floor, so the same colour means the same density on each.
    const max = Math.max(0, ...input.floors.map((f) => (f.density ? densityMax(f.density) : 0)));
    this.scale = new DensityScale(max);
  }

  render(): void {
    this.cover();
    this.summary();
    for (const floor of this.input.floors) this.floorPage(floor);
    this.recommendations();
    this.closing();
    this.fillPageRefs();
    this.footers();
  }

  // ---- text primitives ------------------------------------------------------

  private style(style: Style): Doc {
    return this.doc.font(style.font).fontSize(style.size).fillColor(style.colour);
  }

  /** Height of `text` in `style` wrapped to `width`. */
  private measure(text: string, style: Style, width: number): number {
    if (text === '') return 0;
    this.style(style);
    return this.doc.heightOfString(toWinAnsi(text), { width, lineGap: style.lineGap ?? 0, characterSpacing: style.characterSpacing });
  }

  /** Writes `text` wrapped to `width` at (x, y); returns the height used. */
  private put(text: string, style: Style, x: number, y: number, width: number, options: PDFKit.Mixins.TextOptions = {}): number {
    if (text === '') return 0;
    const height = this.measure(text, style, width);
    // Explicit positions throughout: writing must not move the layout's cursor.
    const [cx, cy] = [this.doc.x, this.doc.y];
    this.style(style).text(toWinAnsi(text), x, y, { width, lineGap: style.lineGap ?? 0, characterSpacing: style.characterSpacing, ...options });
    [this.doc.x, this.doc.y] = [cx, cy];
    return height;
  }

  /** `text` cut to fit one line of `width`, with an ellipsis when cut. */
  private fitLine(text: string, style: Style, width: number): string {
    const doc = this.style(style);
    let line = toWinAnsi(text).replace(/\s+/g, ' ');
    if (doc.widthOfString(line) <= width) return line;
    while (line.length > 1 && doc.widthOfString(line + '…') > width) line = line.slice(0, -1);
    return line.trimEnd() + '…';
  }

  private get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private newPage(): void {
    this.doc.addPage();
    this.doc.y = MARGIN.top;
  }

  /** Starts a new page unless `height` still fits below the current position. */
  private ensure(height: number): void {
    if (this.doc.y + height > BOTTOM + 0.5) this.newPage();
  }

  private heading(text: string): void {
    const y = this.doc.y + this.put(text, STYLE.h1, LEFT, this.doc.y, WIDTH) + 2;
    this.doc.save().lineWidth(1).strokeColor(COLOUR.accent).moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke().restore();
    this.doc.y = y + 12;
  }

  private subheading(text: string): void {
    this.ensure(40);
    const y = this.doc.y;
    this.doc.y = y + this.put(text, STYLE.h2, LEFT, y, WIDTH) + 6;
  }

  private paragraphs(paragraphs: string[]): void {
    for (const paragraph of paragraphs) {
      const height = this.measure(paragraph, STYLE.body, WIDTH);
      // Short paragraphs move whole to the next page; long ones flow across it.
      if (height < FULL_PAGE / 3) this.ensure(height);
      else this.ensure(3 * STYLE.body.size);
      this.style(STYLE.body).text(toWinAnsi(paragraph), LEFT, this.doc.y, { width: WIDTH, lineGap: STYLE.body.lineGap });
      this.doc.y += 7;
    }
  }

  /** A small rounded badge; returns its width. */
  private pill(text: string, x: number, y: number, colour: string): number {
    const doc = this.doc.font(FONT.bold).fontSize(7);
    const label = toWinAnsi(text.toUpperCase());
    const width = doc.widthOfString(label, { characterSpacing: 0.4 }) + 10;
    doc.save().roundedRect(x, y, width, 12, 3).fill(colour).restore();
    doc.fillColor(COLOUR.white).text(label, x + 5, y + 3, { lineBreak: false, characterSpacing: 0.4 });
    return width;
  }

  // ---- sections -------------------------------------------------------------

  private cover(): void {
    const { doc, input } = this;
    this.newPage();
    doc.outline.addItem('Cover');
    doc.save().rect(0, 0, PAGE.width, 10).fill(COLOUR.accent).restore();
    let y = 210;
    y += this.put('HEARTH · SPACE-USE REPORT', { ...STYLE.kicker, size: 9 }, LEFT, y, WIDTH) + 14;
    y += this.put(input.title, { font: FONT.bold, size: 28, colour: COLOUR.ink, lineGap: 2 }, LEFT, y, WIDTH) + 12;
    y += this.put(input.site.name, { font: FONT.regular, size: 16, colour: COLOUR.accent }, LEFT, y, WIDTH) + 22;
    doc.save().lineWidth(0.75).strokeColor(COLOUR.rule).moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke().restore();
    y += 16;
    const rows: [string, string][] = [
      ['Period', `${formatDate(input.window.first)} to ${formatDate(input.window.last)}`],
      ['Open', `${formatNumber(input.window.openDays)} days, ${formatNumber(input.window.openHours)} hours`],
      ['Floors', `${input.floors.length} (${input.floors.reduce((n, f) => n + f.zones.length, 0)} zones)`],
      ['Recommendations', String(input.recommendations.length)],
      ['Generated', formatDay(input.generatedAt, input.site.timeZone)],
    ];
    for (const [label, value] of rows) {
      this.put(label, { ...STYLE.body, colour: COLOUR.muted }, LEFT, y, 110);
      y += this.put(value, STYLE.body, LEFT + 110, y, WIDTH - 110) + 5;
    }
  }

  private summary(): void {
    const { doc, input } = this;
    this.newPage();
    doc.outline.addItem('Executive summary');
    this.heading('Executive summary');
    const { first, last, openDays, openHours } = input.window;
    const intro = `${input.site.name}, ${formatDate(first)} to ${formatDate(last)}: ${formatNumber(openDays)} open days, ${formatNumber(openHours)} open hours.`;
    doc.y += this.put(intro, { ...STYLE.body, colour: COLOUR.muted }, LEFT, doc.y, WIDTH) + 12;

    // Headline figures as cards, three to a row.
    const gap = 10;
    const cardWidth = (WIDTH - 2 * gap) / 3;
    const inner = cardWidth - 20;
    const figureStyle: Style = { font: FONT.bold, size: 18, colour: COLOUR.accent };
    for (let i = 0; i < input.summary.length; i += 3) {
      const row = input.summary.slice(i, i + 3);
      const height = 24 + Math.max(...row.map((s) => this.measure(s.display, figureStyle, inner) + this.measure(s.label, STYLE.small, inner)));
      this.ensure(height);
      const y = doc.y;
      row.forEach((item, k) => {
        const x = LEFT + k * (cardWidth + gap);
        doc.save().roundedRect(x, y, cardWidth, height, 4).fill(COLOUR.panel).restore();
        const h = this.put(item.display, figureStyle, x + 10, y + 10, inner);
        this.put(item.label, { ...STYLE.small, colour: COLOUR.muted }, x + 10, y + 12 + h, inner);
      });
      doc.y = y + height + gap;
    }

    doc.y += 10;
    this.subheading('Top recommendations');
    const recs = input.recommendations;
    if (recs.length === 0) {
      doc.y += this.put('None: no pattern in this period called for a change to the layout, the opening hours or the staffing.', STYLE.body, LEFT, doc.y, WIDTH);
      return;
    }
    const shown = recs.slice(0, 12);
    shown.forEach((rec, index) => {
      this.ensure(18);
      const y = doc.y;
      this.pill(PRIORITY_LABEL[rec.priority], LEFT, y, PRIORITY_COLOUR[rec.priority]);
      const line = `${index + 1}. ${rec.title}`;
      this.style(STYLE.body).text(this.fitLine(line, STYLE.body, WIDTH - 58 - 44), LEFT + 58, y + 1.5, { lineBreak: false });
      this.pageRefs.push({ page: this.pageIndex, index, y: y + 1.5 });
      doc.save().lineWidth(0.4).strokeColor(COLOUR.rule).moveTo(LEFT, y + 16).lineTo(LEFT + WIDTH, y + 16).stroke().restore();
      doc.y = y + 20;
    });
    if (recs.length > shown.length) {
      doc.y += this.put(`…and ${recs.length - shown.length} more, in the Recommendations section.`, STYLE.caption, LEFT, doc.y + 2, WIDTH);
    }
  }

  private floorPage(floor: ReportFloor): void {
    const { doc } = this;
    this.newPage();
    doc.outline.addItem(toWinAnsi(floor.name));
    this.heading(`${floor.name}: where people were`);
    const explain = floor.density
      ? 'Colour shows people per m² over the period. Outlines are zones; rings mark hot spots, the places people gathered most, with their share of everyone on the floor.'
      : 'No density data for this floor in this period: only the zones are drawn.';
    doc.y += this.put(explain, { ...STYLE.small, colour: COLOUR.muted }, LEFT, doc.y, WIDTH) + 10;

    const frame = fitFloor(floor.size, { x: LEFT, y: doc.y, width: WIDTH, height: Math.min(390, BOTTOM - doc.y - 200) });
    drawFloorPlan(doc, frame, floor.zones, {
      density: floor.density ? { grid: floor.density, scale: this.scale } : null,
      hotspots: floor.hotspots,
      labels: 'all',
      fontSize: frame.scale >= 6 ? 7 : 6.5,
      markFontSize: 7.5,
    });
    doc.y = frame.y + frame.height + 12;
    if (floor.density) this.legend();
    this.zoneTable(floor);
  }

  /** The density colour scale with round ticks, in people per m². */
  private legend(): void {
    const { doc, scale } = this;
    const y = doc.y;
    this.put('People per m²', STYLE.smallBold, LEFT, y + 1, 80);
    const x = LEFT + 80;
    const width = 220;
    const step = width / scale.levels;
    scale.colours.forEach((colour, i) => doc.rect(x + i * step, y, step + 0.2, 10).fill(colour));
    doc.save().lineWidth(0.5).strokeColor(COLOUR.muted).rect(x, y, width, 10).stroke().restore();
    this.style(STYLE.caption);
    for (const tick of scale.range.ticks) {
      const tx = x + (tick / scale.range.max) * width;
      doc.save().lineWidth(0.5).strokeColor(COLOUR.muted).moveTo(tx, y + 10).lineTo(tx, y + 13).stroke().restore();
      doc.fillColor(COLOUR.muted).text(tickLabel(tick), tx - 15, y + 14, { width: 30, align: 'center', lineBreak: false });
    }
    this.put('White: nobody there.', STYLE.caption, x + width + 14, y + 1, WIDTH - width - 94);
    doc.y = y + 32;
  }

  private zoneTable(floor: ReportFloor): void {
    const { doc } = this;
    if (floor.zones.length === 0) return;
    const columns: { title: string; width: number; align: 'left' | 'right' }[] = [
      { title: 'Zone', width: 130, align: 'left' },
      { title: 'Kind', width: 90, align: 'left' },
      { title: 'Seats/places', width: 60, align: 'right' },
      { title: 'Use of capacity', width: 70, align: 'right' },
      { title: 'Hours over 85 %', width: 72, align: 'right' },
      { title: 'Median stay', width: WIDTH - 422, align: 'right' },
    ];
    const header = (): void => {
      const y = doc.y;
      let x = LEFT;
      for (const column of columns) {
        this.put(column.title, STYLE.kicker, x + 2, y, column.width - 4, { align: column.align });
        x += column.width;
      }
      doc.save().lineWidth(0.6).strokeColor(COLOUR.muted).moveTo(LEFT, y + 11).lineTo(LEFT + WIDTH, y + 11).stroke().restore();
      doc.y = y + 14;
    };
    this.ensure(14 + 13 * Math.min(3, floor.zones.length));
    header();
    for (const zone of floor.zones) {
      const cells = [
        zone.name,
        categoryLabel(zone.category),
        formatNumber(zone.capacity, 0),
        zone.utilisation === null ? '–' : formatShare(zone.utilisation),
        zone.hoursAbove === null ? '–' : `${formatNumber(zone.hoursAbove)} h`,
        zone.medianStayMinutes === null ? '–' : `${formatNumber(zone.medianStayMinutes, 0)} min`,
      ];
      if (doc.y + 13 > BOTTOM) {
        this.newPage();
        header();
      }
      const y = doc.y;
      let x = LEFT;
      cells.forEach((cell, i) => {
        const width = columns[i].width - 4;
        this.style(STYLE.small).text(this.fitLine(cell, STYLE.small, width), x + 2, y, { width, align: columns[i].align, lineBreak: false });
        x += columns[i].width;
      });
      doc.save().lineWidth(0.3).strokeColor(COLOUR.rule).moveTo(LEFT, y + 11).lineTo(LEFT + WIDTH, y + 11).stroke().restore();
      doc.y = y + 13;
    }
  }

  private recommendations(): void {
    const { doc, input } = this;
    if (input.recommendations.length === 0) return;
    this.newPage();
    const outline = doc.outline.addItem('Recommendations');
    this.heading('Recommendations');
    doc.y +=
      this.put(
        'Highest priority first. Each starts with what Hearth found and the figures behind it, then offers three ways to act, from no budget to a larger one, each with how to tell afterwards whether it worked.',
        { ...STYLE.small, colour: COLOUR.muted },
        LEFT,
        doc.y,
        WIDTH,
      ) + 16;
    input.recommendations.forEach((rec, index) => {
      const parts = this.recommendationParts(rec, index);
      const gap = 10;
      const total = parts.reduce((sum, part) => sum + part.height, 0) + gap * (parts.length - 1);
      // Keep a recommendation on one page when it fits on one; otherwise at least keep its heading with its finding.
      if (total <= FULL_PAGE) this.ensure(total);
      else this.ensure(parts[0].height + (parts[1]?.height ?? 0) + gap);
      if (index > 0 && doc.y > MARGIN.top + 1) {
        // A rule between recommendations sharing a page.
        doc.save().lineWidth(0.6).strokeColor(COLOUR.rule).moveTo(LEFT, doc.y - 12).lineTo(LEFT + WIDTH, doc.y - 12).stroke().restore();
      }
      this.recPages[index] = this.pageIndex;
      outline.addItem(toWinAnsi(`${index + 1}. ${rec.title}`));
      parts.forEach((part, i) => {
        if (i > 0 && doc.y + part.height > BOTTOM + 0.5) {
          this.newPage();
          doc.y += this.put(`${index + 1}. ${rec.title} (continued)`, STYLE.caption, LEFT, doc.y, WIDTH) + 8;
        }
        const y = doc.y;
        part.draw(y);
        doc.y = y + part.height + (i < parts.length - 1 ? gap : 0);
      });
      doc.y += 26;
    });
  }

  /** A recommendation as parts of known height: heading, finding, evidence with figure, options. */
  private recommendationParts(rec: Recommendation, index: number): Part[] {
    const parts: Part[] = [];
    const where = [rec.floor ? (this.floorsByKey.get(rec.floor)?.name ?? rec.floor) : null, rec.zones.map((z) => this.zoneName(z)).join(', ') || null]
      .filter((s): s is string => s !== null)
      .join(' · ');
    const titleText = `${index + 1}. ${rec.title}`;
    const titleHeight = this.measure(titleText, STYLE.recTitle, WIDTH);
    const whereHeight = where ? this.measure(where, STYLE.caption, WIDTH) + 3 : 0;
    parts.push({
      height: 16 + titleHeight + whereHeight,
      draw: (y) => {
        const pillWidth = this.pill(`${PRIORITY_LABEL[rec.priority]} priority`, LEFT, y, PRIORITY_COLOUR[rec.priority]);
        this.put(`Recommendation ${index + 1} of ${this.input.recommendations.length}`, STYLE.caption, LEFT + pillWidth + 8, y + 2, WIDTH - pillWidth - 8);
        this.put(titleText, STYLE.recTitle, LEFT, y + 16, WIDTH);
        if (where) this.put(where, STYLE.caption, LEFT, y + 16 + titleHeight + 3, WIDTH);
      },
    });
    const findingHeight = this.measure(rec.finding, STYLE.body, WIDTH);
    parts.push({ height: findingHeight, draw: (y) => void this.put(rec.finding, STYLE.body, LEFT, y, WIDTH) });
    const evidence = this.evidencePart(rec);
    if (evidence) parts.push(evidence);
    parts.push(this.optionsPart(rec));
    return parts;
  }

  private zoneName(zone: string): string {
    return this.zoneNames.get(zone) ?? zone;
  }

  /** The evidence metrics as a two-column table beside the figure. */
  private evidencePart(rec: Recommendation): Part | null {
    const metrics = rec.evidence.metrics;
    const figure = this.figurePart(rec);
    if (metrics.length === 0 && !figure) return null;
    const tableWidth = figure ? 205 : 300;
    const valueWidth = 58;
    const labelWidth = tableWidth - valueWidth - 6;
    const rows = metrics.map((m) => ({ label: m.label, display: m.display, height: Math.max(this.measure(m.label, STYLE.small, labelWidth), 10) + 5 }));
    const tableHeight = metrics.length === 0 ? 0 : 14 + rows.reduce((s, r) => s + r.height, 0);
    return {
      height: Math.max(tableHeight, figure?.height ?? 0),
      draw: (y) => {
        if (metrics.length > 0) {
          this.put('EVIDENCE', STYLE.kicker, LEFT, y, tableWidth);
          let ry = y + 14;
          for (const row of rows) {
            this.put(row.label, STYLE.small, LEFT, ry, labelWidth);
            this.put(row.display, STYLE.smallBold, LEFT + labelWidth + 6, ry, valueWidth, { align: 'right' });
            ry += row.height;
            this.doc.save().lineWidth(0.3).strokeColor(COLOUR.rule).moveTo(LEFT, ry - 2.5).lineTo(LEFT + tableWidth, ry - 2.5).stroke().restore();
          }
        }
        figure?.draw(y);
      },
    };
  }

  /** The recommendation's figure, drawn in the right-hand column (or full width without metrics). */
  private figurePart(rec: Recommendation): Part | null {
    const figure = rec.evidence.figure;
    if (!figure) return null;
    const x = rec.evidence.metrics.length > 0 ? LEFT + 221 : LEFT;
    const width = LEFT + WIDTH - x;
    if (figure.kind === 'floor-map') {
      const floor = this.floorsByKey.get(figure.floor);
      if (!floor) return null;
      const caption = `FIGURE · ${floor.name}`;
      const probe = fitFloor(floor.size, { x, y: 0, width, height: 180 });
      return {
        height: 14 + probe.height,
        draw: (y) => {
          this.put(caption, STYLE.kicker, x, y, width);
          const frame = fitFloor(floor.size, { x, y: y + 14, width, height: 180 });
          drawFloorPlan(this.doc, frame, floor.zones, {
            points: figure.points,
            highlight: new Set(figure.zones),
            labels: 'highlighted',
            fontSize: 6,
            markFontSize: 6.5,
            baseFill: COLOUR.panel,
          });
        },
      };
    }
    const height = 150;
    return {
      height: 14 + height,
      draw: (y) => {
        this.put('FIGURE · BY HOUR OF DAY', STYLE.kicker, x, y, width);
        drawHourlyChart(this.doc, { x, y: y + 14, width, height } satisfies Box, figure);
      },
    };
  }

  /** The three budget options side by side, each with its action, expected effect and how to check it. */
  private optionsPart(rec: Recommendation): Part {
    const gap = 8;
    const columnWidth = (WIDTH - 2 * gap) / 3;
    const inner = columnWidth - 16;
    const columns = BUDGET_ORDER.map((budget) => {
      const option = rec.options[budget];
      const blocks: [string | null, string, Style][] = [
        [null, option.action, STYLE.small],
        ['Expected effect', option.expectedEffect, STYLE.small],
        ['How to check', checkSentence(option.check, option.check.zones.map((z) => this.zoneName(z))), STYLE.small],
      ];
      const heights = blocks.map(([label, text, style]) => (label ? 11 : 0) + this.measure(text, style, inner));
      return { budget, blocks, heights, height: 30 + heights.reduce((s, h) => s + h, 0) + 8 * (blocks.length - 1) + 8 };
    });
    const height = Math.max(...columns.map((c) => c.height));
    return {
      height,
      draw: (y) => {
        columns.forEach((column, i) => {
          const x = LEFT + i * (columnWidth + gap);
          this.doc.save().roundedRect(x, y, columnWidth, height, 4).fill(COLOUR.panel).restore();
          this.doc.save().roundedRect(x, y, columnWidth, 22, 4).fill(COLOUR.accentLight).rect(x, y + 12, columnWidth, 10).fill(COLOUR.accentLight).restore();
          this.put(BUDGET_LABEL[column.budget], { ...STYLE.smallBold, size: 9.5, colour: COLOUR.accent }, x + 8, y + 6.5, inner);
          let by = y + 30;
          column.blocks.forEach(([label, text, style], k) => {
            if (label) {
              this.put(label.toUpperCase(), STYLE.kicker, x + 8, by, inner);
              by += 11;
            }
            this.put(text, style, x + 8, by, inner);
            by += column.heights[k] - (label ? 11 : 0) + 8;
          });
        });
      },
    };
  }

  private closing(): void {
    const { doc, input } = this;
    this.newPage();
    doc.outline.addItem('Methodology');
    this.heading('Methodology');
    this.paragraphs(input.methodology);
    doc.y += 14;
    this.ensure(120);
    doc.outline.addItem('Privacy');
    this.heading('Privacy');
    this.paragraphs(input.privacy);
  }

  /** Writes "p. N" beside each summary line now that every recommendation has its page. */
  private fillPageRefs(): void {
    for (const ref of this.pageRefs) {
      this.doc.switchToPage(ref.page);
      const page = this.recPages[ref.index];
      if (page === undefined) continue;
      this.style({ ...STYLE.body, colour: COLOUR.muted }).text(`p. ${page + 1}`, LEFT + WIDTH - 40, ref.y, { width: 40, align: 'right', lineBreak: false });
    }
  }

  /** The title (with the site's name) and "Page i of n" at the foot of every page but the cover. */
  private footers(): void {
    const { doc, input } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = PAGE.height - 38;
      doc.save().lineWidth(0.5).strokeColor(COLOUR.rule).moveTo(LEFT, y - 6).lineTo(LEFT + WIDTH, y - 6).stroke().restore();
      const left = this.fitLine(input.title.includes(input.site.name) ? input.title : `${input.site.name} · ${input.title}`, STYLE.caption, WIDTH - 90);
      this.style(STYLE.caption).text(left, LEFT, y, { lineBreak: false });
      this.style(STYLE.caption).text(`Page ${i + 1} of ${range.count}`, LEFT + WIDTH - 90, y, { width: 90, align: 'right', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
  }
}

/** The largest density of a grid, from `max` when given, else from the values. */
function densityMax(density: NonNullable<ReportFloor['density']>): number {
  if (Number.isFinite(density.max) && density.max > 0) return density.max;
  let max = 0;
  for (let i = 0; i < density.values.length; i++) if (density.values[i] > max) max = density.values[i];
  return max;
}
