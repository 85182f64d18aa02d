import { describe, expect, it } from '@jest/globals';
import { pollAnswer, pollRows, scoreText, zonesByFloor, type PollResults } from './public-poll.js';

describe("the public page's poll", () => {
  it('makes an answer of the chosen area and the questions given a score, leaving skipped ones out', () => {
    expect(pollAnswer('cafe', { convenience: '', comfort: '4', hospitality: null, quality: '1', trust: '5', wow: undefined })).toEqual({ zone: 'cafe', scores: { comfort: 4, quality: 1, trust: 5 } });
  });

  it('ignores anything but a whole score from 1 to 5', () => {
    expect(pollAnswer('cafe', { comfort: '0', quality: '6', trust: '2.5', wow: 'x', convenience: '3' })).toEqual({ zone: 'cafe', scores: { convenience: 3 } });
  });

  it('asks for an area, and for at least one score', () => {
    expect(pollAnswer('', { comfort: '4' })).toEqual({ error: expect.stringMatching(/choose the area/) });
    expect(pollAnswer('cafe', { comfort: '', wow: '' })).toEqual({ error: expect.stringMatching(/at least one score/) });
  });

  it('groups the areas by floor, in the floors\' order, leaving out floors without an area', () => {
    const groups = zonesByFloor({
      floors: [
        { key: 'ground', name: 'Ground floor' },
        { key: 'first', name: 'First floor' },
        { key: 'roof', name: 'Roof' },
      ],
      zones: [
        { key: 'cafe', name: 'Cafe', floor: 'ground' },
        { key: 'reading', name: 'Reading room', floor: 'first' },
        { key: 'quiet', name: 'Quiet study', floor: 'ground' },
      ],
    });
    expect(groups).toEqual([
      { floor: 'ground', name: 'Ground floor', zones: [{ key: 'cafe', name: 'Cafe' }, { key: 'quiet', name: 'Quiet study' }] },
      { floor: 'first', name: 'First floor', zones: [{ key: 'reading', name: 'Reading room' }] },
    ]);
  });
});

describe("the floor page's poll table", () => {
  const none = { convenience: null, comfort: null, hospitality: null, quality: null, trust: null, wow: null };
  const results: PollResults = {
    site: 'riverside',
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-08T00:00:00.000Z',
    first: '2026-11-01',
    last: '2026-11-07',
    minAnswers: 10,
    zones: [
      { zone: 'reading-room', name: 'Reading room', floor: 'second', answers: 1234, suppressed: false, scores: { ...none, comfort: 4.25, wow: 2 } },
      { zone: 'carrels', name: 'Silent carrels', floor: 'second', answers: 3, suppressed: true, scores: none },
      { zone: 'cafe', name: 'Cafe', floor: 'ground', answers: 40, suppressed: false, scores: { ...none, quality: 3 } },
    ],
  };

  it("has one row per area of the floor: answers and six means, '–' for a question too few scored", () => {
    expect(pollRows(results, 'second')[0]).toEqual({ zone: 'reading-room', name: 'Reading room', answers: '1,234', cells: ['–', '4.3', '–', '–', '–', '2.0'] });
  });

  it('has no scores for an area with too few answers', () => {
    expect(pollRows(results, 'second')[1]).toEqual({ zone: 'carrels', name: 'Silent carrels', answers: '3', cells: null });
    expect(pollRows(results, 'ground').map((r) => r.zone)).toEqual(['cafe']);
    expect(pollRows(results, 'first')).toEqual([]);
  });

  it('writes a mean with one decimal', () => {
    expect([scoreText(4), scoreText(3.66), scoreText(null)]).toEqual(['4.0', '3.7', '–']);
  });
});
