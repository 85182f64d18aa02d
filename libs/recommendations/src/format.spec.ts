import { formatCount, formatDensity, formatHourRange, formatHours, formatMetres, formatMetric, formatMinutes, formatNumber, formatPoints, formatScore, formatShare, formatTimes } from './format.js';
import { fill, hasStrayBrace, placeholdersOf } from './template.js';

describe('numbers as a director reads them', () => {
  it('formats shares, hours, stays, distances and counts', () => {
    expect([formatShare(0.923), formatShare(0.5), formatShare(0.004), formatShare(0), formatShare(1)]).toEqual(['92 %', '50 %', '0.4 %', '0 %', '100 %']);
    expect([formatHours(3.5), formatHours(3), formatHours(150), formatHours(1240)]).toEqual(['3.5 h', '3 h', '150 h', '1,240 h']);
    expect([formatMinutes(48), formatMinutes(119.6), formatMinutes(210)]).toEqual(['48 min', '120 min', '3.5 h']);
    expect([formatMetres(45.2), formatMetres(4.5)]).toEqual(['45 m', '4.5 m']);
    expect([formatCount(2500), formatCount(28.16), formatNumber(3.7333), formatNumber(56)]).toEqual(['2,500', '28', '3.7', '56']);
    expect([formatPoints(0.08), formatPoints(-0.08), formatPoints(0.01), formatPoints(0.001)]).toEqual(['+8 points', '-8 points', '+1 point', '±0 points']);
    expect([formatScore(2.4), formatScore(3), formatDensity(0.12), formatTimes(2.4), formatHourRange(12), formatHourRange(23)]).toEqual([
      '2.4 / 5',
      '3.0 / 5',
      '0.12 per m²',
      '2.4 times',
      '12:00–13:00',
      '23:00–00:00',
    ]);
    expect([formatMetric(0.92, 'share'), formatMetric(210, 'minutes'), formatMetric(48, 'metres'), formatMetric(6.5, 'people')]).toEqual(['92 %', '3.5 h', '48 m', '6.5']);
  });
});

describe('templates', () => {
  it('fills named placeholders and refuses to print one it has no value for', () => {
    expect(placeholdersOf('{zone} is full; {zone} at {shareAbove}')).toEqual(['zone', 'shareAbove']);
    expect(fill('{zone} at {shareAbove}', { zone: 'The Reading Room', shareAbove: '50 %' })).toBe('The Reading Room at 50 %');
    expect(() => fill('{zone} at {share}', { zone: 'x' })).toThrow('no value for the placeholder {share}');
    expect([hasStrayBrace('{zone} is {full'), hasStrayBrace('{zone}}'), hasStrayBrace('{zone} ok')]).toEqual([true, true, false]);
  });
});
