import { cellCentre, type GridFrame } from './grid-frame.js';
import type { DensityZone, Hotspot, HotspotThreshold } from './types.js';

export interface HotspotRule {
  /** A cell is hot at `factor` × the floor's mean density over its occupied area... */
  factor: number;
  /** ...and never below this density (people per m²). */
  minDensity: number;
}

export interface FoundHotspots {
  threshold: HotspotThreshold;
  hotspots: Hotspot[];
  /** Per cell: 0, or n for the cell belonging to hotspot n. */
  labels: Int32Array;
}

/**
 * Where patrons congregate: connected clusters of hot cells.
 *
 * The bar is relative to the floor itself, so a quiet Sunday and a busy exam
 * week each show where people bunch up: a cell is hot when its density reaches
 * `factor` times the floor's mean density over its occupied area (the cells with
 * any density at all, i.e. within the kernel's reach of someone), and at least
 * `minDensity`, so that a nearly empty floor does not light up. Hot cells
 * touching by a side or a corner (8-connectivity) form one hot spot.
 *
 * Hot spots are ranked by people, then peak density, then position of their
 * first cell in row-major order, so ids ('hotspot-1', ...) are stable.
 */
export function findHotspots(
  frame: GridFrame,
  density: Float64Array,
  totalPeople: number,
  zones: readonly DensityZone[],
  zoneOfCell: Int32Array,
  rule: HotspotRule,
): FoundHotspots {
  const { cols, rows, cellSize } = frame;
  const cellArea = cellSize * cellSize;
  const n = cols * rows;

  let occupiedCells = 0;
  for (let i = 0; i < n; i++) if (density[i] > 0) occupiedCells++;
  const occupiedAreaM2 = occupiedCells * cellArea;
  const meanOccupiedDensity = occupiedCells === 0 ? 0 : totalPeople / occupiedAreaM2;
  const bar = Math.max(rule.factor * meanOccupiedDensity, rule.minDensity);
  const threshold: HotspotThreshold = { density: bar, meanOccupiedDensity, occupiedAreaM2 };

  const labels = new Int32Array(n);
  const stack = new Int32Array(n);
  const clusters: Cluster[] = [];
  for (let seed = 0; seed < n; seed++) {
    if (labels[seed] !== 0 || !(density[seed] >= bar)) continue;
    const cluster = newCluster(seed, zones.length);
    clusters.push(cluster);
    labels[seed] = clusters.length;
    let top = 0;
    stack[top++] = seed;
    while (top > 0) {
      const cell = stack[--top];
      const col = cell % cols;
      const row = (cell - col) / cols;
      addCell(cluster, cell, (col + 0.5) * cellSize, (row + 0.5) * cellSize, density[cell], zoneOfCell[cell]);
      const c0 = col > 0 ? col - 1 : 0;
      const c1 = col < cols - 1 ? col + 1 : col;
      const r0 = row > 0 ? row - 1 : 0;
      const r1 = row < rows - 1 ? row + 1 : row;
      for (let r = r0; r <= r1; r++) {
        for (let next = r * cols + c0; next <= r * cols + c1; next++) {
          if (labels[next] === 0 && density[next] >= bar) {
            labels[next] = clusters.length;
            stack[top++] = next;
          }
        }
      }
    }
  }

  // Compared at a billionth of a person so that mirror-image hot spots tie however their sums were rounded.
  const rounded = (v: number) => Math.round(v * cellArea * 1e9);
  const order = clusters
    .map((_, i) => i)
    .sort((a, b) => rounded(clusters[b].mass) - rounded(clusters[a].mass) || rounded(clusters[b].peak) - rounded(clusters[a].peak) || clusters[a].seed - clusters[b].seed);
  const rankOf = new Int32Array(clusters.length + 1);
  order.forEach((i, rank) => (rankOf[i + 1] = rank + 1));
  for (let i = 0; i < n; i++) labels[i] = rankOf[labels[i]];

  const hotspots = order.map((i, rank) => describe(clusters[i], rank + 1, frame, totalPeople, zones));
  return { threshold, hotspots, labels };
}

interface Cluster {
  seed: number;
  cells: number;
  /** Σ density over the cells (people = mass × cell area). */
  mass: number;
  sumX: number;
  sumY: number;
  peak: number;
  peakCell: number;
  zoneMass: Float64Array;
}

function newCluster(seed: number, zoneCount: number): Cluster {
  return { seed, cells: 0, mass: 0, sumX: 0, sumY: 0, peak: -Infinity, peakCell: seed, zoneMass: new Float64Array(zoneCount) };
}

function addCell(cluster: Cluster, cell: number, x: number, y: number, value: number, zone: number): void {
  cluster.cells++;
  cluster.mass += value;
  cluster.sumX += value * x;
  cluster.sumY += value * y;
  if (value > cluster.peak || (value === cluster.peak && cell < cluster.peakCell)) {
    cluster.peak = value;
    cluster.peakCell = cell;
  }
  if (zone >= 0) cluster.zoneMass[zone] += value;
}

function describe(cluster: Cluster, rank: number, frame: GridFrame, totalPeople: number, zones: readonly DensityZone[]): Hotspot {
  const cellArea = frame.cellSize * frame.cellSize;
  const people = cluster.mass * cellArea;
  const zoneShares = zones
    .map((zone, z) => ({ zone: zone.key, name: zone.name, share: cluster.zoneMass[z] / cluster.mass, z }))
    .filter((s) => s.share > 0)
    .sort((a, b) => Math.round((b.share - a.share) * 1e9) || a.z - b.z)
    .map(({ zone, name, share }) => ({ zone, name, share }));
  return {
    id: `hotspot-${rank}`,
    centroid: [cluster.sumX / cluster.mass, cluster.sumY / cluster.mass],
    areaM2: cluster.cells * cellArea,
    peakDensity: cluster.peak,
    peakAt: cellCentre(frame, cluster.peakCell),
    people,
    share: totalPeople > 0 ? people / totalPeople : 0,
    zones: zoneShares,
  };
}
