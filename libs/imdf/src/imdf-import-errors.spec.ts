import { strToU8, zipSync } from 'fflate';
import { IDS, smallLibrary, smallLibraryFiles } from '../test-fixtures/small-library.js';
import { imdfToSiteFile, ImdfImportError, type ImdfFeatureCollections, type ImdfImportErrorCode } from './index.js';

/** Archives the importer must refuse, each with an error that names the file and the feature. */

const options = { timeZone: 'Europe/London' };

function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

function withoutFile(name: string): Record<string, string> {
  const files = smallLibraryFiles();
  delete files[name];
  return files;
}

/** The fixture's collections with one feature changed. */
function edited(type: 'level' | 'unit' | 'opening', id: string, change: (feature: Record<string, unknown>) => void): ImdfFeatureCollections {
  const library = smallLibrary();
  const feature = (library[type].features as Array<Record<string, unknown>>).find((f) => f.id === id)!;
  change(feature);
  return library as unknown as ImdfFeatureCollections;
}

function importError(run: () => unknown): ImdfImportError {
  try {
    run();
  } catch (e) {
    if (e instanceof ImdfImportError) return e;
    throw e;
  }
  throw new Error('expected an ImdfImportError, but the import succeeded');
}

function expectError(run: () => unknown, code: ImdfImportErrorCode, message: RegExp, where: { file?: string; featureId?: string } = {}) {
  const error = importError(run);
  expect(error.name).toBe('ImdfImportError');
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect({ file: error.file, featureId: error.featureId }).toEqual({ file: where.file, featureId: where.featureId });
}

describe('refusing IMDF archives it cannot read', () => {
  it('bytes that are not a ZIP archive', () => {
    expectError(() => imdfToSiteFile(strToU8('{"type":"FeatureCollection","features":[]}'), options), 'not_zip', /not a ZIP archive/);
    expectError(() => imdfToSiteFile(new Uint8Array(0), options), 'not_zip', /not a ZIP archive/);
  });

  it('a truncated ZIP archive', () => {
    const bytes = zipOf(smallLibraryFiles());
    expectError(() => imdfToSiteFile(bytes.slice(0, 200), options), 'not_zip', /not a readable ZIP archive/);
  });

  it('an archive without venue.geojson', () => {
    expectError(() => imdfToSiteFile(zipOf(withoutFile('venue.geojson')), options), 'missing_file', /no venue\.geojson/, { file: 'venue.geojson' });
    expectError(() => imdfToSiteFile(zipSync({}), options), 'missing_file', /no venue\.geojson/, { file: 'venue.geojson' });
  });

  it('an archive without level.geojson', () => {
    expectError(() => imdfToSiteFile(zipOf(withoutFile('level.geojson')), options), 'missing_file', /^level\.geojson is missing/, { file: 'level.geojson' });
    const { level: _level, ...rest } = smallLibrary();
    expectError(() => imdfToSiteFile(rest as unknown as ImdfFeatureCollections, options), 'missing_file', /^level\.geojson is missing/, { file: 'level.geojson' });
  });

  it('an archive holding two venues in different folders', () => {
    const files = Object.fromEntries(Object.entries(smallLibraryFiles()).flatMap(([n, t]) => [[`a/${n}`, t], [`b/${n}`, t]]));
    expectError(() => imdfToSiteFile(zipOf(files), options), 'ambiguous_archive', /several venues \(a\/venue\.geojson, b\/venue\.geojson\)/, { file: 'a/venue.geojson' });
  });

  it('invalid JSON, naming the file (inside its folder)', () => {
    const files = { ...smallLibraryFiles(), 'unit.geojson': '{"type": "FeatureCollection", "features": [' };
    expectError(() => imdfToSiteFile(zipOf(files), options), 'invalid_json', /^unit\.geojson: invalid JSON/, { file: 'unit.geojson' });
    const nested = Object.fromEntries(Object.entries(files).map(([n, t]) => [`export/${n}`, t]));
    expectError(() => imdfToSiteFile(zipOf(nested), options), 'invalid_json', /^export\/unit\.geojson: invalid JSON/, { file: 'export/unit.geojson' });
    expectError(() => imdfToSiteFile(zipOf({ ...smallLibraryFiles(), 'manifest.json': 'nope' }), options), 'invalid_json', /^manifest\.json: invalid JSON/, {
      file: 'manifest.json',
    });
  });

  it('a file that is JSON but not a FeatureCollection', () => {
    const files = { ...smallLibraryFiles(), 'opening.geojson': '[]' };
    expectError(() => imdfToSiteFile(zipOf(files), options), 'invalid_json', /^opening\.geojson: must be a GeoJSON FeatureCollection/, { file: 'opening.geojson' });
  });

  it('a unit without geometry', () => {
    const input = edited('unit', IDS.foyer, (f) => (f.geometry = null));
    expectError(() => imdfToSiteFile(input, options), 'missing_geometry', new RegExp(`^unit\\.geojson: unit "${IDS.foyer}" has no Polygon or MultiPolygon geometry`), {
      file: 'unit.geojson',
      featureId: IDS.foyer,
    });
  });

  it('a level without geometry', () => {
    const input = edited('level', IDS.first, (f) => (f.geometry = { type: 'Point', coordinates: [-0.1, 51.5] }));
    expectError(() => imdfToSiteFile(input, options), 'missing_geometry', /^level\.geojson: level ".+" has no Polygon or MultiPolygon geometry/, {
      file: 'level.geojson',
      featureId: IDS.first,
    });
  });

  it('an opening that is not a line', () => {
    const input = edited('opening', IDS.mainEntrance, (f) => (f.geometry = { type: 'Point', coordinates: [-0.1, 51.5] }));
    expectError(() => imdfToSiteFile(input, options), 'missing_geometry', /^opening\.geojson: opening ".+" has no LineString geometry/, {
      file: 'opening.geojson',
      featureId: IDS.mainEntrance,
    });
  });

  it('a unit on a level that does not exist', () => {
    const input = edited('unit', IDS.readingRoom, (f) => ((f.properties as Record<string, unknown>).level_id = 'no-such-level'));
    expectError(() => imdfToSiteFile(input, options), 'unknown_level', new RegExp(`^unit\\.geojson: unit "${IDS.readingRoom}" refers to level "no-such-level", which is not in level\\.geojson`), {
      file: 'unit.geojson',
      featureId: IDS.readingRoom,
    });
  });

  it('an opening on a level that does not exist', () => {
    const input = edited('opening', IDS.restroomDoor, (f) => delete (f.properties as Record<string, unknown>).level_id);
    expectError(() => imdfToSiteFile(input, options), 'unknown_level', /^opening\.geojson: opening ".+" refers to level ""/, { file: 'opening.geojson', featureId: IDS.restroomDoor });
  });

  it('a level without a usable ordinal', () => {
    const input = edited('level', IDS.ground, (f) => ((f.properties as Record<string, unknown>).ordinal = '0'));
    expectError(() => imdfToSiteFile(input, options), 'invalid_feature', /needs an integer "ordinal"/, { file: 'level.geojson', featureId: IDS.ground });
  });

  it('a feature without an id, or with coordinates that are not degrees', () => {
    const input = edited('unit', IDS.landing, (f) => delete f.id);
    expectError(() => imdfToSiteFile(input, options), 'invalid_feature', /^unit\.geojson: feature #8 has no "id"/, { file: 'unit.geojson' });
    const metres = edited('unit', IDS.landing, (f) => (f.geometry = { type: 'Polygon', coordinates: [[[0, 0], [500, 0], [500, 300], [0, 0]]] }));
    expectError(() => imdfToSiteFile(metres, options), 'invalid_feature', /coordinate that is not \[lon, lat\]/, { file: 'unit.geojson', featureId: IDS.landing });
  });

  it('options it cannot honour', () => {
    const input = smallLibrary() as unknown as ImdfFeatureCollections;
    expectError(() => imdfToSiteFile(input, { timeZone: 'London' }), 'invalid_option', /timeZone "London"/);
    expectError(() => imdfToSiteFile(input, { ...options, siteId: 'Riverside Library' }), 'invalid_option', /siteId "Riverside Library"/);
    expectError(
      () => imdfToSiteFile(input, { ...options, openingHours: { mon: ['9-5'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }),
      'invalid_option',
      /^openingHours: mon\.0/,
    );
  });
});
