import type { EvidenceFigure } from '@hearth/recommendations';
import type { Box } from './floor-drawing.js';
import { niceScale, tickLabel } from './nice-scale.js';
import { COLOUR, FONT, SERIES_COLOURS } from './style.js';
import { toWinAnsi } from './win-ansi.js';

type Doc = PDFKit.PDFDocument;
type HourlyFigure = Extract<EvidenceFigure, { kind: 'hourly-chart' }>;

/**
 * The hours a chart shows: from the first to the last hour with a value above
 * zero in any series (or a mark), so a library open 9-20 is not squeezed
 * between empty night hours. All 24 hours when nothing is above zero.
 */
export function chartHours(figure: HourlyFigure): [number, number] {
  const used: number[] = figure.marks.map((m) => m.hour).filter((h) => h >= 0 && h <= 23);
  for (const series of figure.series) series.values.forEach((v, h) => v > 0 && h <= 23 && used.push(h));
  return used.length === 0 ? [0, 23] : [Math.min(...used), Math.max(...used)];
}

/**
 * A small chart of values by hour of day: the first series as bars, any
 * further series as lines, the marks as dashed verticals with their label,
 * a legend of the series below.
 */
export function drawHourlyChart(doc: Doc, box: Box, figure: HourlyFigure): void {
  const [first, last] = chartHours(figure);
  const hours = last - first + 1;
  const max = Math.max(0, ...figure.series.flatMap((s) => s.values.slice(first, last + 1).filter(Number.isFinite)));
  const y = niceScale(max, 3);
  const legendHeight = figure.series.length > 0 ? 12 : 0;
  const top = figure.marks.length > 1 ? 19 : figure.marks.length === 1 ? 11 : 4;
  const plot = { x: box.x + 24, y: box.y + top, width: box.width - 26, height: box.height - top - 14 - legendHeight };
  const slot = plot.width / hours;
  const yAt = (v: number) => plot.y + plot.height - (Math.max(0, v) / y.max) * plot.height;

  // Grid and y ticks.
  doc.save().font(FONT.regular).fontSize(6.5).lineWidth(0.4).strokeColor(COLOUR.rule);
  for (const tick of y.ticks) {
    const ty = yAt(tick);
    doc.moveTo(plot.x, ty).lineTo(plot.x + plot.width, ty).stroke();
    doc.fillColor(COLOUR.muted).text(tickLabel(tick), box.x, ty - 3, { width: 21, align: 'right', lineBreak: false });
  }
  // Hour ticks: every hour when there is room, else every second or third.
  const every = slot >= 14 ? 1 : slot >= 7 ? 2 : 3;
  for (let h = first; h <= last; h++) {
    if ((h - first) % every !== 0) continue;
    doc.fillColor(COLOUR.muted).text(String(h), plot.x + (h - first) * slot, plot.y + plot.height + 3, { width: slot, align: 'center', lineBreak: false });
  }
  doc.restore();

  figure.series.forEach((series, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
    const values = Array.from({ length: hours }, (_, k) => series.values[first + k] ?? 0);
    if (i === 0) {
      for (let k = 0; k < hours; k++) {
        const v = Number.isFinite(values[k]) ? values[k] : 0;
        if (v > 0) doc.rect(plot.x + k * slot + slot * 0.15, yAt(v), slot * 0.7, plot.y + plot.height - yAt(v));
      }
      doc.fillColor(colour).fill();
    } else {
      doc.save().lineWidth(1.3).strokeColor(colour).lineJoin('round');
      values.forEach((v, k) => {
        const px = plot.x + (k + 0.5) * slot;
        if (k === 0) doc.moveTo(px, yAt(v));
        else doc.lineTo(px, yAt(v));
      });
      doc.stroke();
      values.forEach((v, k) => doc.circle(plot.x + (k + 0.5) * slot, yAt(v), 1.3));
      doc.fillColor(colour).fill().restore();
    }
  });
  // Base line.
  doc.save().lineWidth(0.8).strokeColor(COLOUR.muted).moveTo(plot.x, plot.y + plot.height).lineTo(plot.x + plot.width, plot.y + plot.height).stroke().restore();

  // Marks: dashed verticals, then their labels on white patches, staggered when they would run into each other.
  const ends = [-Infinity, -Infinity];
  const labels: { text: string; left: number; top: number; width: number }[] = [];
  doc.font(FONT.bold).fontSize(6.5);
  for (const mark of [...figure.marks].sort((a, b) => a.hour - b.hour)) {
    if (mark.hour < first || mark.hour > last) continue;
    const mx = plot.x + (mark.hour - first + 0.5) * slot;
    const text = toWinAnsi(mark.label);
    const width = Math.min(doc.widthOfString(text) + 1, 110);
    const left = Math.min(Math.max(mx - width / 2, box.x), box.x + box.width - width);
    const row = left >= ends[0] + 3 ? 0 : 1;
    ends[row] = left + width;
    const top = box.y + row * 8;
    labels.push({ text, left, top, width });
    doc.save().lineWidth(0.8).strokeColor(COLOUR.mark).dash(2, { space: 1.5 }).moveTo(mx, top + 7).lineTo(mx, plot.y + plot.height).stroke().undash().restore();
  }
  for (const label of labels) {
    doc.save().fillColor(COLOUR.white).rect(label.left - 1, label.top - 0.5, label.width + 2, 8).fill().restore();
    doc.font(FONT.bold).fontSize(6.5).fillColor(COLOUR.mark).text(label.text, label.left, label.top, { width: label.width, lineBreak: false });
  }

  // Legend.
  if (legendHeight > 0) {
    let lx = plot.x;
    const ly = box.y + box.height - 8;
    doc.font(FONT.regular).fontSize(7);
    figure.series.forEach((series, i) => {
      const text = toWinAnsi(series.label);
      doc.fillColor(SERIES_COLOURS[i % SERIES_COLOURS.length]).rect(lx, ly + 1, 7, 5).fill();
      doc.fillColor(COLOUR.ink).text(text, lx + 10, ly, { lineBreak: false });
      lx += 10 + doc.widthOfString(text) + 10;
    });
  }
}
