import { suppressSmallCounts } from './small-counts.js';

describe('suppressSmallCounts', () => {
  it('withholds counts of people from 1 to k-1, keeps zeros, larger counts and numbers that are not counts', () => {
    const answer = {
      zones: [
        { key: 'quiet', capacity: 4, occupancy: 3, points: [{ start: '2026-11-20T09:00:00Z', mean: 2.5, peak: 4, arrivals: 0, departures: 7 }] },
        { key: 'cafe', capacity: 2, occupancy: 5, utilisation: 0.4, hour: 3 },
      ],
      sessions: 1,
    };
    expect(suppressSmallCounts(answer, 5)).toEqual({
      zones: [
        { key: 'quiet', capacity: 4, occupancy: null, points: [{ start: '2026-11-20T09:00:00Z', mean: null, peak: null, arrivals: 0, departures: 7 }] },
        { key: 'cafe', capacity: 2, occupancy: 5, utilisation: 0.4, hour: 3 },
      ],
      sessions: null,
    });
    // The answer itself is not changed (it may be a cached answer shared with other callers).
    expect(answer.zones[0]!.occupancy).toBe(3);
  });

  it('leaves everything as it is with a threshold of 1', () => {
    const answer = { mean: 0.5, peak: 1 };
    expect(suppressSmallCounts(answer, 1)).toEqual(answer);
  });
});
