import { parseSiteFile, SiteFileError } from './parse-site-file.js';

const valid = `site:
  id: branch
  name: Branch Library
  timeZone: Europe/London
  openingHours:
    mon: ["09:00-20:00"]
    sat: ["10:00-16:00"]
  periods:
    - { kind: exam, name: Winter exams, from: 2027-01-04, to: 2027-01-22 }
floors:
  - id: ground
    name: Ground floor
    ordinal: 0
    size: { width: 30, height: 20 }
    zones:
      - id: quiet
        name: Quiet study
        category: quiet_study
        capacity: 24
        polygon: [[0, 0], [10, 0], [10, 8], [0, 8]]
    sensors:
      - { id: door-1, kind: door, position: [15, 0], inTo: quiet, outTo: outside }
      - { id: desk-1, kind: desk, zone: quiet, position: [2, 2] }
`;

function issuesOf(text: string) {
  try {
    parseSiteFile(text, 'branch.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SiteFileError);
    return (e as SiteFileError).issues;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseSiteFile', () => {
  it('reads a valid file and fills in defaults', () => {
    const file = parseSiteFile(valid);
    expect(file.site.serviceDayStart).toBe('05:00');
    expect(file.site.openingHours.sun).toEqual([]);
    expect(file.floors[0]!.sensors.map((s) => s.adapter)).toEqual(['hearth', 'hearth']);
  });

  it('reads the same library written as JSON', () => {
    const asJson = JSON.stringify(parseSiteFile(valid), null, 2);
    expect(parseSiteFile(asJson, 'branch.json')).toEqual(parseSiteFile(valid));
  });

  it('names the field and the line of a wrong value', () => {
    const issues = issuesOf(valid.replace('capacity: 24', 'capacity: -3'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'floors[0].zones[0].capacity', line: 19 });
    expect(issues[0]!.message).toMatch(/>=0|at least|too small/i);
  });

  it('names a missing field at its parent', () => {
    const issues = issuesOf(valid.replace('        category: quiet_study\n', ''));
    expect(issues[0]).toMatchObject({ field: 'floors[0].zones[0].category', line: 16, message: 'is required' });
  });

  it('points at an unknown field by name', () => {
    const issues = issuesOf(valid.replace('    ordinal: 0\n', '    ordinal: 0\n    colour: red\n'));
    expect(issues[0]).toMatchObject({ field: 'floors[0].colour', line: 14, message: 'unknown field "colour"' });
  });

  it('checks references between zones and sensors', () => {
    const issues = issuesOf(valid.replace('zone: quiet, position', 'zone: loud, position'));
    expect(issues[0]).toMatchObject({ field: 'floors[0].sensors[1].zone', line: 23, message: 'zone "loud" is not declared in this file' });
  });

  it('rejects an unknown time zone and a bad opening-hours range', () => {
    const issues = issuesOf(valid.replace('Europe/London', 'Europe/Atlantis').replace('"09:00-20:00"', '"9am-8pm"'));
    expect(issues.map((i) => [i.field, i.line])).toEqual([
      ['site.timeZone', 4],
      ['site.openingHours.mon[0]', 6],
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf(valid.replace('    ordinal: 0', '    ordinal: [0'));
    expect(issues[0]!.line).toBeGreaterThanOrEqual(13);
  });

  it('rejects duplicate keys in the document and duplicate ids in the library', () => {
    expect(issuesOf(valid.replace('  name: Branch Library\n', '  name: Branch Library\n  name: Again\n'))[0]!.line).toBe(4);
    const dup = issuesOf(valid.replace('id: desk-1', 'id: door-1'));
    expect(dup[0]).toMatchObject({ field: 'floors[0].sensors[1].id', message: 'sensor id "door-1" is used twice' });
  });

  it('formats every issue as file:line:column field: message', () => {
    try {
      parseSiteFile(valid.replace('capacity: 24', 'capacity: many'), 'branch.yaml');
    } catch (e) {
      expect((e as Error).message).toMatch(/branch\.yaml:19:\d+ floors\[0\]\.zones\[0\]\.capacity: /);
    }
    expect.assertions(1);
  });
});
