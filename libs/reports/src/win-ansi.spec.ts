import { isWinAnsi, toWinAnsi } from './win-ansi.js';

describe('toWinAnsi', () => {
  it('keeps what the standard fonts print: Latin-1 letters, curly quotes, dashes, euro, ellipsis, m²', () => {
    const text = 'Café, Children’s “quiet” room – 92 % — €5… m² · naïve Œuvre';
    expect(toWinAnsi(text)).toBe(text);
  });

  it('replaces symbols the fonts lack with plain equivalents', () => {
    expect(toWinAnsi('≥ 85 % → busier, ≤ 2 h, − 3, ≈ 40')).toBe('>= 85 % -> busier, <= 2 h, - 3, ~ 40');
  });

  it('drops accents the fonts lack, spells out ligatures, and marks anything else with "?"', () => {
    expect(toWinAnsi('Łódź Gdańsk ő ﬁle ①')).toBe('Lódz Gdansk o file 1');
    expect(toWinAnsi('图书馆 📚')).toBe('??? ?');
  });

  it('keeps a narrow no-break space as a no-break space, turns tabs into spaces and drops soft hyphens and controls', () => {
    expect(toWinAnsi('92\u202f%\tnow\u00adhere\u0007\r\nnext')).toBe('92\u00a0% nowhere\nnext');
  });

  it('composes decomposed accents before deciding', () => {
    expect(toWinAnsi('Cafe\u0301')).toBe('Café');
  });

  it('knows the WinAnsi set', () => {
    expect(isWinAnsi('A'.codePointAt(0)!)).toBe(true);
    expect(isWinAnsi(0x2019)).toBe(true); // ’
    expect(isWinAnsi(0x2265)).toBe(false); // ≥
    expect(isWinAnsi(0x81)).toBe(false); // a C1 control, not a character
  });
});
