/**
 * A busy-ness meter: four bars rising left to right, as many filled as the
 * level (1 quiet … 4 very busy), the rest outlined. The shape carries the
 * level without colour; the words beside it carry it without sight (the SVG
 * has its own label too). Plain DOM, no D3, so the public page stays small.
 */

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function levelMeter(rank: number, opts: { label: string; width?: number; height?: number; steps?: number }): SVGSVGElement {
  const width = opts.width ?? 64;
  const height = opts.height ?? 40;
  const steps = opts.steps ?? 4;
  const gap = width * 0.08;
  const barWidth = (width - gap * (steps - 1)) / steps;
  const svg = el('svg', { class: `level-meter level-${rank}`, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': opts.label });
  for (let i = 0; i < steps; i++) {
    // From 40 % to full height, so even the first bar is plain to see.
    const h = height * (0.4 + (0.6 * i) / Math.max(1, steps - 1));
    // Inset by half the stroke so outlines are not clipped.
    svg.append(el('rect', { x: i * (barWidth + gap) + 1, y: height - h + 1, width: barWidth - 2, height: h - 2, rx: 2, class: i < rank ? 'on' : 'off' }));
  }
  return svg;
}
