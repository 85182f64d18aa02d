export type { ReportFloor, ReportInput, ReportZone } from './report.js';
export { renderReportPdf } from './pdf.js';
export { csvSafe, recommendationsCsv, statisticsReturnsCsv, toCsv, zoneDaysCsv } from './csv.js';
export type { CsvOptions, CsvValue, StatisticsPeriod, StatisticsReturnRow, VisitSource, ZoneDayRow } from './csv.js';
export { zonesGeoJson } from './geojson.js';
export { centroid } from './geometry.js';
export type { FloorMetresCrs, HotspotFeatureProperties, ZoneFeatureProperties, ZonesFeatureCollection } from './geojson.js';
