import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { siteFileSchema } from '@hearth/contracts';
import { smallLibraryFiles, smallLibraryZip } from '../test-fixtures/small-library.js';
import { imdfToSiteFile } from './index.js';

/**
 * The readable copy of the Riverside Library archive in
 * test-fixtures/small-library/ (used by integration tests that zip and upload
 * it) must match the builder. Regenerate with:
 *   HEARTH_UPDATE_FIXTURES=1 NODE_OPTIONS=--experimental-vm-modules npx jest libs/imdf
 */

const dir = fileURLToPath(new URL('../test-fixtures/small-library/', import.meta.url));
const expected = smallLibraryFiles();

if (process.env.HEARTH_UPDATE_FIXTURES === '1') {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(expected)) writeFileSync(`${dir}${name}`, text);
}

describe('the small-library fixture files', () => {
  it('match the builder, file for file', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) expect(readFileSync(`${dir}${name}`, 'utf8')).toBe(text);
  });

  it('import, once zipped, exactly like the archive built in memory', () => {
    const files = Object.fromEntries(readdirSync(dir).map((name) => [name, new Uint8Array(readFileSync(`${dir}${name}`))]));
    const fromDisk = imdfToSiteFile(zipSync(files), { timeZone: 'Europe/London' });
    expect(siteFileSchema.safeParse(fromDisk.siteFile).success).toBe(true);
    expect(fromDisk).toEqual(imdfToSiteFile(smallLibraryZip(), { timeZone: 'Europe/London' }));
    // A Node Buffer (not a plain Uint8Array) is accepted too.
    const buffer = Buffer.from(zipSync(Object.fromEntries(Object.entries(expected).map(([n, t]) => [n, strToU8(t)]))));
    expect(imdfToSiteFile(buffer, { timeZone: 'Europe/London' })).toEqual(fromDisk);
  });
});
