import { check } from '@placemarkio/check-geojson';
import type { Polygon } from 'geojson';
import { zonesGeoJson, type ZoneFeatureProperties } from './geojson.js';
import { signedArea } from './geometry.js';
import type { ReportInput } from './report.js';
import { reportFixture } from './report.fixture.js';

describe('zonesGeoJson', () => {
  const input = reportFixture();
  const collection = zonesGeoJson(input);
  const zones = collection.features.filter((f) => f.properties.kind === 'zone');
  const hotspots = collection.features.filter((f) => f.properties.kind === 'hotspot');

  it('passes a GeoJSON validator, foreign member included', () => {
    const text = JSON.stringify(collection);
    expect(() => check(text)).not.toThrow();
    // The validator does catch an open ring, so the line above can fail.
    expect(() => check(JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }))).toThrow();
    expect(JSON.parse(text)['hearth:crs']).toEqual({ frame: 'floor-metres', note: expect.stringContaining('not longitude/latitude') });
  });

  it('has a polygon per zone and a point per hot spot', () => {
    expect(zones).toHaveLength(13);
    expect(hotspots.map((f) => [f.id, f.geometry.coordinates, f.properties])).toEqual([
      ['G/hotspot/A', [9, 10], { kind: 'hotspot', site: 'riverside', floor: 'G', label: 'A', share: 0.31 }],
      ['G/hotspot/B', [28, 7], { kind: 'hotspot', site: 'riverside', floor: 'G', label: 'B', share: 0.14 }],
      ['1/hotspot/C', [10, 7], { kind: 'hotspot', site: 'riverside', floor: '1', label: 'C', share: 0.42 }],
    ]);
  });

  it('closes every ring and winds it counter-clockwise', () => {
    for (const feature of zones) {
      const [ring] = (feature.geometry as Polygon).coordinates;
      expect(ring[ring.length - 1]).toEqual(ring[0]);
      expect(signedArea(ring as [number, number][])).toBeGreaterThan(0);
    }
    // The teens' corner is listed the other way round in the fixture: it comes out reversed from the same first corner.
    const teens = zones.find((f) => f.id === 'G/teens')!;
    expect((teens.geometry as Polygon).coordinates[0]).toEqual([
      [38, 40],
      [38, 20],
      [60, 20],
      [60, 40],
      [38, 40],
    ]);
    // The café is listed counter-clockwise already: kept as it is, closed.
    expect((zones.find((f) => f.id === 'G/cafe')!.geometry as Polygon).coordinates[0]).toEqual([
      [0, 0],
      [18, 0],
      [18, 14],
      [0, 14],
      [0, 0],
    ]);
  });

  it('carries the zone figures and the recommendations naming each zone', () => {
    const props = (id: string) => zones.find((f) => f.id === id)!.properties as ZoneFeatureProperties;
    expect(props('1/reading')).toEqual({
      kind: 'zone',
      site: 'riverside',
      floor: '1',
      zone: 'reading',
      name: 'Reading room',
      category: 'quiet_study',
      capacity: 48,
      utilisation: 0.71,
      hoursAbove: 62,
      medianStayMinutes: 95,
      recommendations: ['crowded-beside-idle:reading'],
    });
    // A recommendation without a floor (staffing) still names the welcome desk.
    expect(props('G/welcome').recommendations).toEqual(['hotspot-far-from-service:G', 'staffing-peaks:riverside']);
    expect(props('G/events')).toMatchObject({ utilisation: null, hoursAbove: null, medianStayMinutes: null, recommendations: [] });
  });

  it('leaves out a zone with fewer than three distinct corners, and does not repeat a closing point already there', () => {
    const base = reportFixture();
    const floor = base.floors[1];
    const input: ReportInput = {
      ...base,
      floors: [
        {
          ...floor,
          zones: [
            { ...floor.zones[0], zone: 'line', polygon: [[0, 0], [5, 0], [0, 0]] },
            { ...floor.zones[0], zone: 'closed', polygon: [[0, 0], [0, 4], [3, 4], [3, 0], [0, 0]] },
          ],
          hotspots: [],
        },
      ],
    };
    const features = zonesGeoJson(input).features;
    expect(features.map((f) => f.id)).toEqual(['1/closed']);
    // Given clockwise (negative area), closed already: reversed, closed once.
    expect((features[0].geometry as Polygon).coordinates[0]).toEqual([[0, 0], [3, 0], [3, 4], [0, 4], [0, 0]]);
  });
});
