import { categoryLabel, checkSentence, formatDate, formatDay, formatNumber, formatShare } from './format.js';

describe('report formatting', () => {
  it('writes dates as a reader does', () => {
    expect(formatDate('2026-03-01')).toBe('1 March 2026');
    expect(formatDate('not a date')).toBe('not a date');
    // 23:30 UTC on 1 April is already 2 April in Sydney.
    expect(formatDay('2026-04-01T23:30:00Z', 'Australia/Sydney')).toBe('2 April 2026');
    expect(formatDay('2026-04-01T23:30:00Z', 'Europe/London')).toBe('2 April 2026');
    expect(formatDay('2026-04-01T22:30:00Z', 'America/New_York')).toBe('1 April 2026');
  });

  it('writes numbers, shares and categories', () => {
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatNumber(243)).toBe('243');
    expect(formatShare(0.914)).toBe('91\u00a0%');
    expect(categoryLabel('quiet_study')).toBe('Quiet study');
  });

  it('spells out how to check an option', () => {
    const check = { metric: 'Hours above 85 %', zones: ['reading'], direction: 'down' as const, by: 'a third', afterWeeks: 4 };
    expect(checkSentence(check, ['Reading room'])).toBe('Hours above 85 % in Reading room should go down by a third after 4 weeks.');
    expect(checkSentence({ ...check, zones: [], afterWeeks: 1 }, [])).toBe('Hours above 85 % should go down by a third after 1 week.');
  });
});
