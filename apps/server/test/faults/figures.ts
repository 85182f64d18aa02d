import fs from 'node:fs';

/**
 * Records one fault test's figure: the line `npm run test:faults` prints for
 * it, such as `T07 kill -9 x10 during 100000 events: lost 0, double-counted 0`.
 * The line goes to stdout at once and, when HEARTH_FIGURES_FILE is set (the
 * fault runner sets it), into that file for the summary at the end.
 */
export function reportFigure(id: string, text: string): void {
  if (!/^T\d\d$/.test(id)) throw new Error(`a fault test id looks like T07, not "${id}"`);
  const line = `${id} ${text}`;
  process.stdout.write(`${line}\n`);
  const file = process.env.HEARTH_FIGURES_FILE;
  if (file) fs.appendFileSync(file, `${line}\n`);
}
