import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A zone's 15-minute buckets move into its `zone_day` row, packed like the
 * hourly ones (`quarters`: little-endian float32 mean, peak, arrivals,
 * departures and covered seconds per quarter hour of the service day), and the
 * day's own totals get columns (`mean` weighted by coverage, `peak`,
 * `arrivals`, `departures`, over the buckets with data). A week of a zone is
 * then 7 rows rather than 672, and a year at one point a day reads no packed
 * value at all: what the database sends, and the server parses, shrinks by
 * two orders of magnitude.
 *
 * Existing buckets are packed here, in SQL, from `zone_bucket` (so no day has
 * to be recomputed from raw readings, which retention may have removed), and
 * `zone_bucket` is dropped. `down` unpacks them again.
 */
export class PackQuarterHours1795343000007 implements MigrationInterface {
  name = 'PackQuarterHours1795343000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "zone_day" ADD COLUMN "quarters" bytea, ADD COLUMN "mean" real, ADD COLUMN "peak" real, ADD COLUMN "arrivals" real, ADD COLUMN "departures" real`);
    // float4send is big-endian; the packed values are little-endian, as the server writes them.
    await q.query(`CREATE FUNCTION pg_temp.f4le(v real) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
      SELECT set_byte(set_byte(set_byte(set_byte('\\x00000000'::bytea, 0, get_byte(b, 3)), 1, get_byte(b, 2)), 2, get_byte(b, 1)), 3, get_byte(b, 0)) FROM float4send(v) AS b
    $$`);
    // The hourly value has 20 bytes per hour, so length / 5 quarter hours.
    await q.query(`UPDATE "zone_day" d SET "quarters" = p.quarters, "mean" = p.mean, "peak" = p.peak, "arrivals" = p.arrivals, "departures" = p.departures
      FROM (
        SELECT d.zone_id, d.source, d.service_date,
          string_agg(
            CASE WHEN b.zone_id IS NULL THEN '\\x0000000000000000000000000000000000000000'::bytea
                 ELSE pg_temp.f4le(b.mean) || pg_temp.f4le(b.peak) || pg_temp.f4le(b.arrivals) || pg_temp.f4le(b.departures) || pg_temp.f4le((b.covered_ms / 1000.0)::real) END,
            ''::bytea ORDER BY i) AS quarters,
          coalesce(sum(b.mean::float8 * b.covered_ms) FILTER (WHERE b.covered_ms > 0) / nullif(sum(b.covered_ms) FILTER (WHERE b.covered_ms > 0), 0), 0) AS mean,
          coalesce(max(b.peak) FILTER (WHERE b.covered_ms > 0), 0) AS peak,
          coalesce(sum(b.arrivals) FILTER (WHERE b.covered_ms > 0), 0) AS arrivals,
          coalesce(sum(b.departures) FILTER (WHERE b.covered_ms > 0), 0) AS departures
        FROM "zone_day" d
        CROSS JOIN LATERAL generate_series(0, length(d.hourly) / 5 - 1) AS i
        LEFT JOIN "zone_bucket" b ON b.zone_id = d.zone_id AND b.source = d.source AND b.bucket_start = d.day_start + i * interval '15 minutes'
        GROUP BY d.zone_id, d.source, d.service_date
      ) p
      WHERE p.zone_id = d.zone_id AND p.source = d.source AND p.service_date = d.service_date`);
    await q.query(`ALTER TABLE "zone_day" ALTER COLUMN "quarters" SET NOT NULL, ALTER COLUMN "mean" SET NOT NULL, ALTER COLUMN "peak" SET NOT NULL,
      ALTER COLUMN "arrivals" SET NOT NULL, ALTER COLUMN "departures" SET NOT NULL`);
    await q.query(`DROP TABLE "zone_bucket"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "zone_bucket" (
      "zone_id" integer NOT NULL REFERENCES "zone" ("id") ON DELETE CASCADE,
      "source" character varying(12) NOT NULL,
      "bucket_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "mean" real NOT NULL,
      "peak" real NOT NULL,
      "arrivals" real NOT NULL,
      "departures" real NOT NULL,
      "covered_ms" integer NOT NULL,
      CONSTRAINT "pk_zone_bucket" PRIMARY KEY ("zone_id", "source", "bucket_start"))`);
    // The little-endian float32 at byte `o`, decoded by hand (SQL has no bytea-to-real cast); counts are never subnormal.
    await q.query(`CREATE FUNCTION pg_temp.f4(v bytea, o integer) RETURNS real LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN bits & 2147483647 = 0 THEN 0
        ELSE (CASE WHEN bits < 0 THEN -1 ELSE 1 END) * (1 + (bits & 8388607) / 8388608.0) * power(2::numeric, ((bits >> 23) & 255) - 127) END::real
      FROM (SELECT get_byte(v, o) | get_byte(v, o + 1) << 8 | get_byte(v, o + 2) << 16 | get_byte(v, o + 3) << 24 AS bits) AS x
    $$`);
    await q.query(`INSERT INTO "zone_bucket" (zone_id, source, bucket_start, mean, peak, arrivals, departures, covered_ms)
      SELECT d.zone_id, d.source, d.day_start + i * interval '15 minutes',
        pg_temp.f4(d.quarters, i * 20), pg_temp.f4(d.quarters, i * 20 + 4), pg_temp.f4(d.quarters, i * 20 + 8), pg_temp.f4(d.quarters, i * 20 + 12),
        round(pg_temp.f4(d.quarters, i * 20 + 16) * 1000)::integer
      FROM "zone_day" d CROSS JOIN LATERAL generate_series(0, length(d.quarters) / 20 - 1) AS i
      WHERE pg_temp.f4(d.quarters, i * 20 + 16) > 0`);
    await q.query(`ALTER TABLE "zone_day" DROP COLUMN "quarters", DROP COLUMN "mean", DROP COLUMN "peak", DROP COLUMN "arrivals", DROP COLUMN "departures"`);
  }
}
