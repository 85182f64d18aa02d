/**
 * End-to-end behaviour of Hearth's gate-count import on files shaped as libraries keep them.
 *
 * fixtures/dirty-daily-cumulative.csv (written by fixtures/dirty-daily-cumulative.ts; the first test
 * checks the two agree) holds a year, 01-Sep-21 to 31-Aug-22, of end-of-day readings of one six-digit
 * gate counter (it wraps at 1,000,000), one line `DD-Mon-YY,reading` per day and no header; 367 lines.
 * True visitors: weekdays 2600-2999, Saturdays 1200-1399, Sundays 600-699. Its defects, by line:
 *   1        01-Sep-21,9816             the first reading: a baseline, no row
 *   21       21-Sep-21,NA               skipped (not_a_number); line 22's row spans two days
 *   32       (blank)                    skipped (blank_line)
 *   47       16-Oct-21,Gate broken      skipped (not_a_number)
 *   87       25-Nov-21,"Gate Closed"    skipped (not_a_number); the library was closed (0 visitors)
 *   101/102  10-Dec-21 is missing       no line, no row, no issue; line 102's row spans 09-Dec to 11-Dec
 *   131      09-Jan-22,701140           counter replaced: +400,000 on top of the day's visitors,
 *                                       flagged 'jump'; counting goes on from 701140
 *   152-153  (blank, blank)             skipped (blank_line)
 *   203      20-Mar-22,NA               skipped (not_a_number)
 *   263/264  999029 then 1686           the counter wraps at 999999: bridged (rolloversBridged 1)
 *   323      18-Jul-22,2840             counter reset to 0 at opening (the reading drops from 130889,
 *                                       nowhere near the wrap): flagged 'reset'; counting goes on from 2840
 * Imported: 357 daily rows whose visitors add up exactly to the true visitors of 02-Sep-21..31-Aug-22
 * less the jump and reset days (whose traffic cannot be told from the counter change).
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { DEFECTS, DAYS, dirtyDailyCumulative, trueCount } from './fixtures/dirty-daily-cumulative.js';
import { readGateCounts, readGateCountStream } from './gate-counts.js';
import { GateCountReader } from './reader.js';
import type { GateCountOptions, GateCountRow, ImportReport } from './types.js';

const FIXTURE = new URL('./fixtures/dirty-daily-cumulative.csv', import.meta.url);
const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

async function stream(text: string, options: GateCountOptions, chunkBytes = 7): Promise<{ rows: GateCountRow[]; report: ImportReport }> {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) parts.push(bytes.subarray(i, i + chunkBytes));
  const s = readGateCountStream(Readable.from(parts), options);
  const rows: GateCountRow[] = [];
  for await (const chunk of s.chunks) rows.push(...chunk);
  return { rows, report: s.report() };
}

describe('the dirty daily cumulative fixture', () => {
  const fixture = dirtyDailyCumulative();
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const options: GateCountOptions = { timeZone: 'America/New_York', entrance: 'door-main' };
  const { rows, report } = readGateCounts(text, options);

  it('is exactly what its generator writes, with the defects on the documented lines', () => {
    expect(text).toBe(fixture.csv);
    expect(text.split('\n')).toHaveLength(368);
    expect([DEFECTS.na.map((d) => fixture.lineOf[d]), fixture.lineOf[DEFECTS.broken], fixture.lineOf[DEFECTS.closed], fixture.lineOf[DEFECTS.jump], fixture.lineOf[DEFECTS.reset]]).toEqual([[21, 203], 47, 87, 131, 323]);
    expect(fixture.blankLines).toEqual([32, 152, 153]);
    expect([fixture.lineOf[DEFECTS.missing - 1], fixture.lineOf[DEFECTS.missing], fixture.lineOf[DEFECTS.missing + 1]]).toEqual([101, undefined, 102]);
    expect([fixture.lineOf[fixture.wrapDay - 1], fixture.lineOf[fixture.wrapDay]]).toEqual([263, 264]);
    expect(text.split('\n').slice(262, 264)).toEqual(['19-May-22,999029', '20-May-22,1686']);
  });

  it('detects a headerless daily file of running counter readings', () => {
    expect(report.format).toMatchObject({
      shape: 'wide', header: false, readings: 'cumulative', readingsDetected: true, granularity: 'day', intervalMinutes: 1440, entrances: ['door-main'], delimiter: ',',
    });
  });

  it('imports every day but the baseline, the skipped and missing days and the two flagged ones, none negative', () => {
    expect(report.rows).toEqual({ read: 367, imported: 357, flagged: 2, skipped: 7 });
    expect(rows).toHaveLength(357);
    expect(rows.every((r) => r.in >= 0 && r.out === 0 && r.granularity === 'day' && r.entrance === 'door-main')).toBe(true);
  });

  it('bridges the wrap once and flags the replaced and the reset counter with their lines', () => {
    expect(report.rolloversBridged).toBe(1);
    expect(rows.find((r) => r.line === 264)!.in).toBe(trueCount(fixture.wrapDay));
    expect(report.issues.filter((i) => i.kind === 'flagged')).toEqual([
      { line: 131, entrance: 'door-main', kind: 'flagged', reason: 'jump', text: '701140' },
      { line: 323, entrance: 'door-main', kind: 'flagged', reason: 'reset', text: '2840' },
    ]);
    expect(rows.some((r) => r.line === 131 || r.line === 323)).toBe(false);
    expect(rows.find((r) => r.line === 132)!.in).toBe(trueCount(DEFECTS.jump + 1));
    expect(rows.find((r) => r.line === 324)!.in).toBe(trueCount(DEFECTS.reset + 1));
  });

  it('lists every skipped line with its reason and text', () => {
    expect(report.issues.filter((i) => i.kind === 'skipped').map((i) => [i.line, i.reason, i.text])).toEqual([
      [21, 'not_a_number', 'NA'],
      [32, 'blank_line', undefined],
      [47, 'not_a_number', 'Gate broken'],
      [87, 'not_a_number', 'Gate Closed'],
      [152, 'blank_line', undefined],
      [153, 'blank_line', undefined],
      [203, 'not_a_number', 'NA'],
    ]);
    expect(report.byReason).toEqual({ not_a_number: 4, blank_line: 3, jump: 1, reset: 1 });
  });

  it('spans skipped and missing days with one row from the last good reading, in local days', () => {
    const afterNa = rows.find((r) => r.line === 22)!;
    expect([afterNa.start, afterNa.end]).toEqual([utc('2021-09-21T04:00:00Z'), utc('2021-09-23T04:00:00Z')]);
    expect(afterNa.in).toBe(trueCount(20) + trueCount(21));
    const afterMissing = rows.find((r) => r.line === 102)!;
    expect([afterMissing.start, afterMissing.end]).toEqual([utc('2021-12-10T05:00:00Z'), utc('2021-12-12T05:00:00Z')]);
    expect(afterMissing.in).toBe(trueCount(DEFECTS.missing) + trueCount(DEFECTS.missing + 1));
    expect(rows.filter((r) => r.end - r.start > 25 * H)).toHaveLength(5);
  });

  it('totals exactly the true visitors of the imported days', () => {
    let expected = 0;
    for (let d = 1; d < DAYS; d++) if (d !== DEFECTS.jump && d !== DEFECTS.reset) expected += trueCount(d);
    expect(report.totals['door-main']).toEqual({ in: expected, out: 0, rows: 357, firstLine: 2, lastLine: 367 });
    expect(rows.reduce((n, r) => n + r.in, 0)).toBe(expected);
    expect([report.from, report.to]).toEqual(['2021-09-02T04:00:00.000Z', '2022-09-01T04:00:00.000Z']);
  });

  it('gives identical rows and report when read again, whole or streamed in small chunks', async () => {
    expect(readGateCounts(text, options)).toEqual({ rows, report });
    expect(await stream(text, options, 13)).toEqual({ rows, report });
    const fromFile = readGateCountStream(fs.createReadStream(FIXTURE), options);
    const again: GateCountRow[] = [];
    for await (const chunk of fromFile.chunks) again.push(...chunk);
    expect(again).toEqual(rows);
    expect(fromFile.report()).toEqual(report);
  });
});

describe('shapes', () => {
  it('reads a wide hourly file with In/Out columns per entrance, leaving out Total and Notes, through the autumn clock change', () => {
    const csv = [
      'Date,Time,North In,North Out,South In,South Out,Total,Notes',
      '31/10/2021,00:00,5,4,3,3,15,',
      '31/10/2021,01:00,2,6,9,2,19,clocks go back',
      '31/10/2021,01:00,7,1,1,8,17,',
      '31/10/2021,02:00,3,7,NA,,10,South gate broken',
    ].join('\n');
    const { rows, report } = readGateCounts(csv, { timeZone: 'Europe/London' });
    expect(report.format).toMatchObject({ shape: 'wide', readings: 'interval', granularity: 'hour', intervalMinutes: 60, dateOrder: 'dmy', dateOrderDetected: true, entrances: ['North', 'South'], ignoredColumns: ['Total', 'Notes'] });
    expect(report.format.notes[0]).toMatch(/"Total" adds up the entrances/);
    expect(rows.filter((r) => r.entrance === 'North').map((r) => [new Date(r.start).toISOString(), r.end - r.start, r.in, r.out, r.line])).toEqual([
      ['2021-10-30T23:00:00.000Z', H, 5, 4, 2],
      ['2021-10-31T00:00:00.000Z', H, 2, 6, 3],
      ['2021-10-31T01:00:00.000Z', H, 7, 1, 4],
      ['2021-10-31T02:00:00.000Z', H, 3, 7, 5],
    ]);
    expect(rows.filter((r) => r.entrance === 'South').map((r) => r.in)).toEqual([3, 9, 1]);
    expect(report.issues).toEqual([{ line: 5, entrance: 'South', kind: 'skipped', reason: 'not_a_number', text: 'NA' }]);
    expect(report.totals.North).toMatchObject({ in: 17, out: 18 });
  });

  it('reads a long file with In and Out, mapping entrances to sensors and flagging the repeated line', () => {
    const csv = [
      'Timestamp,Door,In,Out,Comment',
      '2021-09-01 09:00,Main Entrance,12,10,',
      '2021-09-01 09:00,Side Door,3,2,',
      '2021-09-01 10:00,Main Entrance,20,18,',
      '2021-09-01 10:00,Side Door,4,NA,',
      '2021-09-01 10:00,Main Entrance,20,18,pasted twice',
      '2021-09-01 11:00,Staff Door,1,1,',
      '2021-09-01 11:00,Main Entrance,15,16,',
    ].join('\r\n');
    const { rows, report } = readGateCounts(csv, { timeZone: 'UTC', readings: 'interval', columns: { entrances: { 'main entrance': 'door-main', 'Side Door': 'door-side' } } });
    expect(report.format).toMatchObject({ shape: 'long', columns: { date: 'Timestamp', entrance: 'Door', counts: ['In', 'Out'] }, ignoredColumns: ['Comment'], entrances: ['door-main', 'door-side'] });
    expect(rows.map((r) => [r.entrance, r.start, r.in, r.out, r.line])).toEqual([
      ['door-main', utc('2021-09-01T09:00:00Z'), 12, 10, 2],
      ['door-side', utc('2021-09-01T09:00:00Z'), 3, 2, 3],
      ['door-main', utc('2021-09-01T10:00:00Z'), 20, 18, 4],
      ['door-main', utc('2021-09-01T11:00:00Z'), 15, 16, 8],
    ]);
    expect(report.issues.map((i) => [i.line, i.entrance, i.kind, i.reason, i.text])).toEqual([
      [5, 'door-side', 'skipped', 'not_a_number', 'NA'],
      [6, 'door-main', 'flagged', 'duplicate', '20 in / 18 out'],
      [7, undefined, 'skipped', 'unknown_entrance', 'Staff Door'],
    ]);
  });

  it('reads running In and Out totals per entrance, with 30-minute rows and a wrap in one direction', () => {
    const lines = ['Time,Location,Entries,Exits'];
    const counters = { in: 65_400, out: 30_000 };
    for (let i = 0; i < 12; i++) {
      counters.in = (counters.in + 20 + i) % 65_536;
      counters.out += 15 + i;
      lines.push(`2021-09-01T${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'},West,${counters.in},${counters.out}`);
    }
    const { rows, report } = readGateCounts(lines.join('\n'), { timeZone: 'UTC' });
    expect(report.format).toMatchObject({ shape: 'long', readings: 'cumulative', readingsDetected: true, granularity: 'hour', intervalMinutes: 30 });
    expect(rows).toHaveLength(11);
    expect(rows.map((r) => [r.in, r.out])).toEqual(Array.from({ length: 11 }, (_, i) => [21 + i, 16 + i]));
    expect(rows[0]).toMatchObject({ start: utc('2021-09-01T09:30:00Z'), end: utc('2021-09-01T10:00:00Z'), line: 3 });
    expect(report.rolloversBridged).toBe(1);
  });

  it('keeps the first issues and counts the rest', () => {
    const lines = ['Date,Count'];
    for (let d = 0; d < 30; d++) lines.push(`${new Date(Date.UTC(2021, 8, 1) + d * 86_400_000).toISOString().slice(0, 10)},${d % 2 ? 'NA' : d}`);
    const { report } = readGateCounts(lines.join('\n'), { timeZone: 'UTC', entrance: 'door-main', readings: 'interval', maxIssues: 5 });
    expect(report.issues).toHaveLength(5);
    expect(report.issuesOmitted).toBe(10);
    expect(report.rows).toEqual({ read: 30, imported: 15, flagged: 0, skipped: 15 });
    expect(report.byReason).toEqual({ not_a_number: 15 });
  });

  it('reads monthly counts per interval as local calendar months', () => {
    const { rows, report } = readGateCounts('Month,Visits\nSep 2021,12000\nOct 2021,15000\nNov 2021,14000\n', { timeZone: 'Europe/London', entrance: 'door-main' });
    expect(report.format).toMatchObject({ granularity: 'month', readings: 'interval', intervalMinutes: 0 });
    expect(rows.map((r) => [new Date(r.start).toISOString(), new Date(r.end).toISOString(), r.in, r.granularity])).toEqual([
      ['2021-08-31T23:00:00.000Z', '2021-09-30T23:00:00.000Z', 12000, 'month'],
      ['2021-09-30T23:00:00.000Z', '2021-11-01T00:00:00.000Z', 15000, 'month'],
      ['2021-11-01T00:00:00.000Z', '2021-12-01T00:00:00.000Z', 14000, 'month'],
    ]);
  });

  it('halves the passes of a bidirectional gate', () => {
    const { rows, report } = readGateCounts('Date,Gate Count\n2021-09-01,101\n2021-09-02,80\n2021-09-03,"1,235"\n', { timeZone: 'UTC', entrance: 'door-main', measure: 'passes', readings: 'interval' });
    expect(rows.map((r) => [r.in, r.out])).toEqual([[51, 50], [40, 40], [618, 617]]);
    expect(report.totals['door-main']).toMatchObject({ in: 709, out: 707 });
  });

  it('reads a headerless file with a time column, a semicolon file with decimal-point dates', () => {
    const headless = readGateCounts('2021-09-01,10:00,5\n2021-09-01,11:00,7\n', { timeZone: 'UTC', entrance: 'door-main', readings: 'interval' });
    expect(headless.rows.map((r) => [r.start, r.in])).toEqual([[utc('2021-09-01T10:00:00Z'), 5], [utc('2021-09-01T11:00:00Z'), 7]]);
    const semi = readGateCounts('Date;Gate;Count\n01.09.2021;North;1 234\n02.09.2021;North;987\n', { timeZone: 'UTC', dateOrder: 'dmy', readings: 'interval' });
    expect(semi.report.format.delimiter).toBe(';');
    expect(semi.rows.map((r) => [r.entrance, r.start, r.in])).toEqual([['North', utc('2021-09-01T00:00:00Z'), 1234], ['North', utc('2021-09-02T00:00:00Z'), 987]]);
  });
});

describe('date order', () => {
  const options: GateCountOptions = { timeZone: 'UTC', entrance: 'door-main', readings: 'interval' };
  it('is month/day when a second part above 12 appears, even after ambiguous dates', () => {
    const { rows, report } = readGateCounts('Date,Count\n9/1/2021,5\n9/2/2021,6\n9/13/2021,7\n', options);
    expect(report.format).toMatchObject({ dateOrder: 'mdy', dateOrderDetected: true });
    expect(rows.map((r) => r.start)).toEqual([utc('2021-09-01T00:00:00Z'), utc('2021-09-02T00:00:00Z'), utc('2021-09-13T00:00:00Z')]);
  });

  it('is day/month when a first part above 12 appears', () => {
    const { rows, report } = readGateCounts('Date,Count\n01/09/2021,5\n13/09/2021,7\n', options);
    expect(report.format.dateOrder).toBe('dmy');
    expect(rows.map((r) => r.start)).toEqual([utc('2021-09-01T00:00:00Z'), utc('2021-09-13T00:00:00Z')]);
  });

  it('must be given when no day is above 12, and then is used', () => {
    const csv = 'Date,Count\n01/09/2021,5\n02/09/2021,6\n';
    expect(() => readGateCounts(csv, options)).toThrow(/could be day\/month or month\/day \("01\/09\/2021" on line 2\).*Choose the date order/);
    const given = readGateCounts(csv, { ...options, dateOrder: 'mdy' });
    expect(given.rows.map((r) => r.start)).toEqual([utc('2021-01-09T00:00:00Z'), utc('2021-02-09T00:00:00Z')]);
    expect(given.report.format).toMatchObject({ dateOrder: 'mdy', dateOrderDetected: false });
  });

  it('refuses a file that mixes both orders', () => {
    expect(() => readGateCounts('Date,Count\n13/09/2021,5\n9/14/2021,6\n', options)).toThrow(/mix day\/month order \(line 2\) and month\/day order \(line 3\)/);
  });
});

describe('times with offsets', () => {
  it('respects the written offset instead of the library zone', () => {
    const csv = 'Timestamp,Count\n2021-09-01T10:00:00+02:00,5\n2021-09-01T11:00:00+02:00,6\n2021-09-01T09:00:00Z,7\n2021-09-01T12:00:00+02:00,8\n';
    const { rows, report } = readGateCounts(csv, { timeZone: 'America/New_York', entrance: 'door-main', readings: 'interval' });
    expect(rows.map((r) => [new Date(r.start).toISOString(), r.end - r.start, r.in])).toEqual([
      ['2021-09-01T08:00:00.000Z', H, 5],
      ['2021-09-01T09:00:00.000Z', H, 6],
      ['2021-09-01T10:00:00.000Z', H, 8],
    ]);
    // 09:00Z is 11:00+02:00 again.
    expect(report.issues).toEqual([{ line: 4, entrance: 'door-main', kind: 'flagged', reason: 'duplicate', text: '7' }]);
  });
});

describe('LibInsight gate-count records', () => {
  const csv = [
    'gate_id,date,gate_start,gate_end',
    'Main Library,2021-09-01 00:00:00,120500,122900',
    'Main Library,2021-09-02 00:00:00,122900,125100',
    'Science Library,2021-09-01 00:00:00,999500,300',
    'Science Library,2021-09-02 00:00:00,300,800',
    'Music Library,2021-09-01 00:00:00,42,',
    'Music Library,2021-09-02 00:00:00,-1,',
  ].join('\n');

  it('takes the difference of the start and end readings, halving bidirectional libraries and bridging a wrap', () => {
    const { rows, report } = readGateCounts(csv, { timeZone: 'America/Chicago', entranceMeasures: { 'Main Library': 'passes' } });
    expect(report.format).toMatchObject({ shape: 'libinsight', preset: 'libinsight', readings: 'start_end', granularity: 'day', columns: { date: 'date', entrance: 'gate_id', counts: ['gate_start', 'gate_end'] } });
    expect(rows.map((r) => [r.entrance, new Date(r.start).toISOString(), r.in, r.out])).toEqual([
      ['Main Library', '2021-09-01T05:00:00.000Z', 1200, 1200],
      ['Main Library', '2021-09-02T05:00:00.000Z', 1100, 1100],
      ['Science Library', '2021-09-01T05:00:00.000Z', 800, 0],
      ['Science Library', '2021-09-02T05:00:00.000Z', 500, 0],
      ['Music Library', '2021-09-01T05:00:00.000Z', 42, 0],
    ]);
    expect(report.rolloversBridged).toBe(1);
    expect(report.issues).toEqual([{ line: 7, entrance: 'Music Library', kind: 'flagged', reason: 'negative', text: '-1' }]);
    expect(report.format.notes).toContain('lines without an end reading (first: line 6) are taken as manual counts');
  });

  it('reads spelled-out column names too when the preset is asked for', () => {
    const { rows, report } = readGateCounts('Library,Date,Gate Start,Gate End\nMain,2021-09-01,10,25\n', { timeZone: 'UTC', preset: 'libinsight' });
    expect(report.format.shape).toBe('libinsight');
    expect(rows.map((r) => [r.entrance, r.in])).toEqual([['Main', 15]]);
  });
});

describe('Suma count exports', () => {
  const header = 'Count Date,Session Start,Session End,Count ID,Session ID,Location,Type: Reading,Type: Computing,No Activity: No Activity';
  const session = '2015-06-28 03:26:18,2015-06-28 05:26:18';
  const unprocessed = [
    header,
    `2015-06-28 05:18:18,${session},222,3,Learning Commons (9),,1,`,
    `2015-06-28 05:15:18,${session},219,3,Quiet Reading Room (5),1,,`,
    `2015-06-28 04:55:18,${session},203,3,IT Teaching Center (6),,,0`,
    `2015-06-28 04:55:18,${session},202,3,Learning Commons (9),,1,`,
    `2015-06-28 04:45:18,${session},188,3,Learning Commons (9),,,1`,
    `2015-06-28 04:45:18,${session},188,3,Learning Commons (9),,,1`,
  ].join('\n');

  it('sums each location’s counts per local hour, keeping observed zeros and flagging a repeated count', () => {
    const { rows, report } = readGateCounts(unprocessed, { timeZone: 'America/New_York' });
    expect(report.format).toMatchObject({ shape: 'suma', preset: 'suma', readings: 'tally', granularity: 'hour', entrances: ['Learning Commons (9)', 'Quiet Reading Room (5)', 'IT Teaching Center (6)'] });
    expect(rows.map((r) => [r.entrance, new Date(r.start).toISOString(), r.end - r.start, r.in, r.line])).toEqual([
      ['IT Teaching Center (6)', '2015-06-28T08:00:00.000Z', H, 0, 4],
      ['Learning Commons (9)', '2015-06-28T08:00:00.000Z', H, 2, 5],
      ['Learning Commons (9)', '2015-06-28T09:00:00.000Z', H, 1, 2],
      ['Quiet Reading Room (5)', '2015-06-28T09:00:00.000Z', H, 1, 3],
    ]);
    expect(report.issues).toEqual([{ line: 7, kind: 'flagged', reason: 'duplicate', text: 'count id 188' }]);
  });

  it('reads the report-style export (title lines, one block per day) with the suma preset', () => {
    const blocks = [
      'Sample Reference Initiative',
      '2015-06-27 to 2015-06-28',
      'Rawdata Report',
      '2015-06-28',
      header,
      `2015-06-28 05:18:18,${session},222,3,Lobby (3),,,1`,
      '',
      '',
      '',
      '2015-06-27',
      header,
      `2015-06-27 10:05:00,2015-06-27 10:00:00,2015-06-27 11:00:00,12,1,Lobby (3),,,1`,
      `2015-06-27 10:59:00,2015-06-27 10:00:00,2015-06-27 11:00:00,13,1,Lobby (3),1,1,`,
    ].join('\n');
    const { rows, report } = readGateCounts(blocks, { timeZone: 'America/New_York', preset: 'suma', columns: { entrances: { 'Lobby (3)': 'door-lobby' } } });
    expect(rows.map((r) => [r.entrance, new Date(r.start).toISOString(), r.in])).toEqual([
      ['door-lobby', '2015-06-27T14:00:00.000Z', 2],
      ['door-lobby', '2015-06-28T09:00:00.000Z', 1],
    ]);
    expect(report.format.notes[0]).toMatch(/report-style export/);
    expect(report.issues.map((i) => [i.line, i.reason])).toEqual([[1, 'heading'], [2, 'heading'], [3, 'heading'], [4, 'heading'], [7, 'blank_line'], [8, 'blank_line'], [9, 'blank_line'], [10, 'heading'], [11, 'heading']]);
  });
});

describe('errors a librarian can act on', () => {
  const options: GateCountOptions = { timeZone: 'UTC', entrance: 'door-main' };
  it('names an unreadable date column', () => {
    expect(() => readGateCounts('Date,Count\nfirst week,1\nsecond week,2\n', options)).toThrow(/could not read the dates in column "Date" \(line 2: "first week"\)/);
  });

  it('says when there is no count column', () => {
    expect(() => readGateCounts('Date,Notes\n2021-09-01,quiet day\n', options)).toThrow(/No count column found/);
    expect(() => readGateCounts('Date,Branch\n2021-09-01,North\n', options)).toThrow(/No count column found next to the entrance column "Branch"/);
  });

  it('refuses mixed granularities', () => {
    expect(() => readGateCounts('Date,Count\n2021-09,100\n2021-09-15,5\n', options)).toThrow(/mixes granularities.*months/);
    expect(() => readGateCounts('Date,Time,Count\n2021-09-01,10:00,1\n2021-09-01,11:00,2\n2021-09-01,12:15,3\n', options)).toThrow(/line 4 \("2021-09-01 12:15"\) does not fit the 60-minute intervals/);
    expect(() => readGateCounts('Timestamp,Count\n2021-09-01 10:00,1\n2021-09-01 11:00,2\n2021-09-02,30\n', options)).toThrow(/line 4 \("2021-09-02"\) has no time in a file of hours/);
  });

  it('asks for running totals newest first to be sorted', () => {
    const lines = ['Date,Reading'];
    for (let d = 30; d >= 1; d--) lines.push(`2021-09-${String(d).padStart(2, '0')},${100_000 + d * 1000}`);
    expect(() => readGateCounts(lines.join('\n'), options)).toThrow(/newest first/);
  });

  it('says when the file is empty', () => {
    expect(() => readGateCounts('', options)).toThrow(/empty/);
  });
});

describe('GateCountReader', () => {
  it('hands rows out in chunks while lines are still arriving', () => {
    const reader = new GateCountReader({ timeZone: 'UTC', chunkSize: 100, readings: 'interval' });
    reader.push(['Timestamp', 'Gate', 'Count'], 1);
    let before = 0;
    let line = 2;
    for (let h = 0; h < 1000; h++) {
      reader.push([new Date(Date.UTC(2021, 0, 1) + h * H).toISOString(), 'North', String(h % 24)], line++);
      if (reader.ready) before += reader.take().length;
    }
    expect(before).toBeGreaterThanOrEqual(900);
    reader.finish();
    const rest = reader.take();
    expect(before + rest.length).toBe(1000);
    expect(reader.take()).toEqual([]);
    expect(reader.report().rows).toEqual({ read: 1000, imported: 1000, flagged: 0, skipped: 0 });
  });
});
