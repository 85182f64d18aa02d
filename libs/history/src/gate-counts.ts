import { Readable, pipeline } from 'node:stream';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { GateCountReader } from './reader.js';
import type { GateCountOptions, GateCountRow, ImportReport } from './types.js';

/**
 * Whole-file entry points around {@link GateCountReader}: CSV text or a byte stream in, rows and the
 * import report out. Lines are numbered as the librarian's spreadsheet numbers them (1-based, a
 * quoted cell spanning lines counts all of its lines).
 */

/** CSV-level choices: the delimiter is sniffed from the first line unless given. */
export interface CsvReadOptions {
  delimiter?: string;
}

/** The delimiter of the first line: the most frequent of comma, semicolon and tab outside quotes (comma on ties). */
export function sniffDelimiter(text: string): string {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 10 || c === 13) {
      if (comma + semi + tab > 0) break;
    } else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
  }
  return semi > comma && semi >= tab ? ';' : tab > comma && tab > semi ? '\t' : ',';
}

function csvOptions(delimiter: string): CsvOptions {
  return { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false };
}

/** Line breaks inside a record's cells (quoted multi-line cells), so line numbers stay true. */
function extraLines(record: string[]): number {
  let n = 0;
  for (let i = 0; i < record.length; i++) {
    const f = record[i]!;
    if (f.indexOf('\n') < 0 && f.indexOf('\r') < 0) continue;
    for (let j = 0; j < f.length; j++) {
      const c = f.charCodeAt(j);
      if (c === 10 || (c === 13 && f.charCodeAt(j + 1) !== 10)) n++;
    }
  }
  return n;
}

/**
 * Reads a whole (small) gate-count file at once. For large files use {@link streamGateCounts}, which
 * hands rows out in chunks instead of keeping them all.
 */
export function readGateCounts(input: string | Buffer, options: GateCountOptions & CsvReadOptions): { rows: GateCountRow[]; report: ImportReport } {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const delimiter = options.delimiter ?? sniffDelimiter(text.slice(0, 65_536));
  const records = parseSync(text, csvOptions(delimiter)) as string[][];
  const reader = new GateCountReader(options);
  const rows: GateCountRow[] = [];
  let line = 1;
  for (const record of records) {
    reader.push(record, line);
    line += 1 + extraLines(record);
    if (reader.ready) for (const r of reader.take()) rows.push(r);
  }
  reader.finish();
  for (const r of reader.take()) rows.push(r);
  const report = reader.report();
  report.format.delimiter = delimiter;
  return { rows, report };
}

/** A streamed import: chunks of rows to consume, then the report. */
export interface GateCountStream {
  /** Rows in chunks of `chunkSize` (the last one shorter), as the file is read. */
  chunks: AsyncIterable<GateCountRow[]>;
  /** The import report; available once `chunks` has been read to the end. */
  report(): ImportReport;
}

/**
 * Streams a gate-count file: bytes (or text) in, chunks of rows out as they are ready, the report at
 * the end. The file is read only as fast as the chunks are consumed, so memory stays flat whatever
 * its length. Errors (an unreadable date column, an ambiguous date order...) are thrown from the
 * iteration.
 */
export function readGateCountStream(input: Readable | AsyncIterable<string | Uint8Array>, options: GateCountOptions & CsvReadOptions): GateCountStream {
  const reader = new GateCountReader(options);
  let done: ImportReport | undefined;
  async function* chunks(): AsyncGenerator<GateCountRow[]> {
    const source = input[Symbol.asyncIterator]();
    const first = await source.next();
    const head = first.done ? '' : typeof first.value === 'string' ? first.value : Buffer.from(first.value).subarray(0, 65_536).toString('utf8');
    const delimiter = options.delimiter ?? sniffDelimiter(head);
    async function* all(): AsyncGenerator<string | Uint8Array> {
      if (first.done) return;
      yield first.value;
      for (let r = await source.next(); !r.done; r = await source.next()) yield r.value;
    }
    const parser = parse(csvOptions(delimiter));
    let failure: (Error & { code?: string }) | null = null;
    pipeline(Readable.from(all()), parser, (err) => {
      failure ??= err ?? null;
    });
    let line = 1;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        reader.push(record, line);
        line += 1 + extraLines(record);
        if (reader.ready) yield reader.take();
      }
    } finally {
      parser.destroy();
    }
    if (failure !== null && (failure as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw failure;
    reader.finish();
    const rest = reader.take();
    if (rest.length > 0) yield rest;
    done = reader.report();
    done.format.delimiter = delimiter;
  }
  return {
    chunks: chunks(),
    report() {
      if (!done) throw new Error('The import report is ready once every chunk of rows has been read');
      return done;
    },
  };
}
