/** The PDF report's type and colours, shared by the page layout, floor drawings and charts. */

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

export const COLOUR = {
  /** Body text. */
  ink: '#1f2933',
  /** Secondary text: captions, labels, axis ticks. */
  muted: '#5b6773',
  /** Hair lines, table rules, floor outlines. */
  rule: '#c9d1d9',
  /** Light panel backgrounds. */
  panel: '#f3f5f7',
  /** Hearth blue: headings, highlighted zones, the main chart series. */
  accent: '#1d4e89',
  accentLight: '#d6e4f5',
  /** Zone outlines on the heatmap: dark enough on pale cells, still visible on dark ones. */
  zoneLine: '#3d4650',
  /** Hot spot rings and evidence points. */
  mark: '#0b2545',
  white: '#ffffff',
} as const;

/** Pill colours by recommendation priority (white text on each passes WCAG AA). */
export const PRIORITY_COLOUR = { high: '#b42318', medium: '#a15c07', low: '#4a5a6a' } as const;

/** Further chart series after the accent: distinguishable in colour and in greyscale. */
export const SERIES_COLOURS = [COLOUR.accent, '#d9730d', '#2f855a', '#7b3fa0'] as const;
