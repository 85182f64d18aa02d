/**
 * Hearth's historical gate-count import (pure: no database). Reads the CSV files libraries keep of
 * their gate counts, works out their shape, cleans them, turns running counter readings into counts
 * per interval and reports every line it could not use.
 */
export * from './types.js';
export { GateCountReader } from './reader.js';
export { readGateCounts, readGateCountStream, sniffDelimiter, type CsvReadOptions, type GateCountStream } from './gate-counts.js';
export { LocalClock, parseStamp, parseTime, newStamp, type Stamp } from './dates.js';
export { parseCount } from './values.js';
export { rolloverFor } from './series.js';
