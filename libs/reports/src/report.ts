import type { Recommendation } from '@hearth/recommendations';

/**
 * Everything a director's report shows, already computed: the server builds it
 * from the analytics and the recommendation engine; the renderers (PDF, CSV,
 * GeoJSON) only lay it out. Positions are metres in each floor's frame
 * (origin at the plan's top-left, x right, y down).
 */
export interface ReportInput {
  /** E.g. "Riverside Library: how its spaces are used". */
  title: string;
  site: { id: string; name: string; timeZone: string };
  /** First and last service date (inclusive, site time), with the open days and hours they hold. */
  window: { first: string; last: string; openDays: number; openHours: number };
  /** ISO-8601 time the report was made. */
  generatedAt: string;
  /** Headline figures for the executive summary, in reading order. */
  summary: { label: string; display: string }[];
  floors: ReportFloor[];
  /** Highest score first. */
  recommendations: Recommendation[];
  /** How the figures were made, paragraph by paragraph. */
  methodology: string[];
  /** What is and is not recorded about patrons, paragraph by paragraph. */
  privacy: string[];
}

export interface ReportFloor {
  floor: string;
  name: string;
  /** Width and depth in metres. */
  size: [number, number];
  zones: ReportZone[];
  /** The floor's density map over the window: people per m², row-major from the top-left cell; null without data. */
  density: { cellSize: number; cols: number; rows: number; values: ArrayLike<number>; max: number } | null;
  /** Congregation hot spots, largest first. */
  hotspots: { label: string; centroid: [number, number]; share: number }[];
}

export interface ReportZone {
  zone: string;
  name: string;
  category: string;
  polygon: [number, number][];
  capacity: number;
  /** Mean occupancy over open hours as a share of capacity; null without data. */
  utilisation: number | null;
  /** Open hours above 85 % of capacity; null without data. */
  hoursAbove: number | null;
  /** Median desk session in minutes; null without desk sessions. */
  medianStayMinutes: number | null;
}
