import { describe, expect, it } from '@jest/globals';
import { siteFileFromLists } from './site-model.js';

describe("a viewer's picture of the site", () => {
  it('puts each floor, by ordinal, with its zones and active sensors, in the site-file shape the pages read', () => {
    const file = siteFileFromLists(
      { key: 'branch', name: 'Branch Library', timeZone: 'Europe/London', periods: [{ id: 4, kind: 'exam', name: 'Winter exams', from: '2027-01-04', to: '2027-01-22' }] },
      [
        { key: 'first', name: 'First floor', ordinal: 1, size: { width: 10, height: 10 } },
        { key: 'ground', name: 'Ground floor', ordinal: 0, size: { width: 30, height: 20 } },
      ],
      [
        { floor: 'ground', key: 'cafe', name: 'Cafe', category: 'cafe', capacity: 12, polygon: [[20, 0], [30, 0], [30, 10]] },
        { floor: 'first', key: 'quiet', name: 'Quiet', category: 'quiet_study', capacity: 4, polygon: [[0, 0], [1, 0], [1, 1]] },
      ],
      [
        { floor: 'ground', key: 'door-main', kind: 'door', status: 'active', position: [15, 20], zone: null, inTo: 'cafe', outTo: 'outside' },
        { floor: 'first', key: 'desk-1', kind: 'desk', status: 'active', position: [0.5, 0.5], zone: 'quiet' },
        { floor: 'first', key: 'desk-old', kind: 'desk', status: 'retired', position: [0.5, 0.6], zone: 'quiet' },
        { floor: null, key: 'nowhere', kind: 'desk', position: null, zone: null },
      ],
    );
    expect(file.site).toEqual({ id: 'branch', name: 'Branch Library', timeZone: 'Europe/London', periods: [{ kind: 'exam', name: 'Winter exams', from: '2027-01-04', to: '2027-01-22' }] });
    expect(file.floors.map((f) => f.id)).toEqual(['ground', 'first']);
    expect(file.floors[0]).toEqual({
      id: 'ground',
      name: 'Ground floor',
      ordinal: 0,
      size: { width: 30, height: 20 },
      zones: [{ id: 'cafe', name: 'Cafe', category: 'cafe', capacity: 12, polygon: [[20, 0], [30, 0], [30, 10]] }],
      sensors: [{ id: 'door-main', kind: 'door', position: [15, 20], inTo: 'cafe', outTo: 'outside' }],
    });
    expect(file.floors[1]!.sensors).toEqual([{ id: 'desk-1', kind: 'desk', position: [0.5, 0.5], zone: 'quiet' }]);
  });
});
