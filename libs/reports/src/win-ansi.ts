/**
 * The PDF report uses the fonts every PDF reader has built in (Helvetica), which
 * only cover the Windows-1252 ("WinAnsi") characters: Latin letters with their
 * accents, curly quotes, dashes, "€", "…", "·", "²" and a few more. Any other
 * character would print as garbage, so report text goes through `toWinAnsi`
 * first: well-known symbols get a plain equivalent ("≥" becomes ">="), accented
 * letters outside the set lose their accent ("ł" stays readable as "l"), and
 * anything left becomes "?".
 */

/** Characters above U+00FF that Windows-1252 holds (its 0x80-0x9F block). */
const CP1252_EXTRAS = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
  0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** Plain stand-ins for symbols that Hearth's texts use and WinAnsi lacks. */
const REPLACEMENTS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '↑': 'up',
  '↓': 'down',
  '⇒': '=>',
  '−': '-', // minus sign
  '‐': '-', // hyphen
  '‑': '-', // non-breaking hyphen
  '‒': '-', // figure dash
  '―': '—',
  '′': "'",
  '″': '"',
  '✓': 'yes',
  '✔': 'yes',
  '✗': 'no',
  '✘': 'no',
  '∞': 'infinity',
  '√': 'sqrt',
  '∑': 'sum',
  '∆': 'change',
  'Δ': 'change',
  'ł': 'l',
  'Ł': 'L',
  'đ': 'd',
  'Đ': 'D',
  'ı': 'i',
  '\u2009': ' ', // thin space
  '\u202f': '\u00a0', // narrow no-break space (as in "92 %") keeps its glue
  '\u2007': '\u00a0', // figure space
  '\u200b': '', // zero-width space
  '\u00ad': '', // soft hyphen: pdfkit would print it
  '\ufeff': '',
};

/** Whether the standard PDF fonts can show this code point as it is. */
export function isWinAnsi(codePoint: number): boolean {
  return (
    codePoint === 0x0a ||
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff && codePoint !== 0xad) ||
    CP1252_EXTRAS.has(codePoint)
  );
}

/**
 * Rewrites `text` so that every character prints in the built-in PDF fonts.
 * Tabs become spaces, other control characters are dropped, CRLF becomes LF.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n').normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (isWinAnsi(code)) {
      out += char;
    } else if (char in REPLACEMENTS) {
      out += REPLACEMENTS[char];
    } else if (char === '\t') {
      out += ' ';
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      // control characters carry nothing a reader would see
    } else {
      // Compatibility forms and accents: "ő" -> "o", "ﬁ" -> "fi", "①" -> "1".
      const plain = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += plain !== '' && [...plain].every((c) => isWinAnsi(c.codePointAt(0)!)) ? plain : '?';
    }
  }
  return out;
}
