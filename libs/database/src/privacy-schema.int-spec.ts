import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { openDatabase } from './data-source.js';

/**
 * Patron privacy by construction: every column of the schema is listed here
 * with what it holds. A migration that adds a column fails this test until the
 * column is reviewed and added below, and no column may look like it holds a
 * person's identifier.
 */
const REVIEWED_COLUMNS: Record<string, string[]> = {
  // layout_changes: the layout changes a library declares (date, description, zone keys).
  // integrations: the site's vendor feeds (envelope, adapter, topic filter).
  site: ['id', 'key', 'name', 'time_zone', 'service_day_start', 'opening_hours', 'created_at', 'updated_at', 'layout_changes', 'integrations'],
  site_period: ['id', 'site_id', 'kind', 'name', 'starts_on', 'ends_on'],
  floor: ['id', 'site_id', 'key', 'name', 'ordinal', 'width_m', 'height_m', 'plan_format', 'plan'],
  zone: ['id', 'site_id', 'floor_id', 'key', 'name', 'category', 'capacity_seats', 'area_m2', 'polygon_m'],
  sensor: ['id', 'site_id', 'key', 'kind', 'adapter', 'status', 'floor_id', 'position_x_m', 'position_y_m', 'zone_id', 'door_in_zone_id', 'door_out_zone_id', 'counter_rollover', 'last_seen_at', 'battery_pct', 'created_at', 'updated_at', 'announced_site_key', 'source'],
  raw_event: ['sensor_id', 'captured_at', 'channel', 'seq', 'kind', 'received_at', 'in_count', 'out_count', 'in_total', 'out_total', 'occupied', 'headcount', 'battery_pct'],
  dead_letter: ['id', 'received_at', 'source', 'topic', 'site_key', 'sensor_key', 'reason', 'detail', 'payload', 'payload_bytes'],
  device_token: ['id', 'site_id', 'sensor_id', 'token_hash', 'label', 'created_at', 'revoked_at'],
  // Rollups: counts per zone and time, per door and day; nothing finer than a zone's total.
  zone_day: ['zone_id', 'source', 'service_date', 'day_start', 'weekday', 'in_term', 'in_exam', 'closed', 'open_ms', 'covered_ms', 'hourly', 'quarters', 'mean', 'peak', 'arrivals', 'departures'],
  desk_day: ['sensor_id', 'service_date', 'occupied_open_ms', 'sessions', 'occupied_by_hour'],
  door_drift: ['sensor_id', 'service_date', 'area', 'in_total', 'out_total', 'residual', 'drift_share'],
  // A desk's occupied stretches and their lengths per zone: a desk's facts, never a person's.
  desk_session: ['sensor_id', 'service_date', 'started_at', 'ended_at', 'cut'],
  zone_dwell: ['zone_id', 'service_date', 'sessions', 'cut', 'total_minutes', 'histogram'],
  site_day: ['site_id', 'service_date', 'weekday', 'day_type', 'in_term', 'in_exam', 'closed_for', 'rolled_up_at', 'arrivals', 'departures'],
  rollup_mark: ['site_key', 'utc_date', 'marked_at'],
  // The patrons' poll: counters per zone, service day and dimension; no row per answer, nothing about who answered.
  poll_tally: ['site_id', 'zone_id', 'service_date', 'dimension', 'answers', 'count_1', 'count_2', 'count_3', 'count_4', 'count_5'],
  // Imported history: each file's hash and report, and counts per door and day or month.
  history_import: ['id', 'site_id', 'file_sha256', 'file_name', 'imported_at', 'report'],
  gate_count: ['sensor_id', 'first_date', 'last_date', 'in_count', 'out_count'],
  // Staff access: library staff's accounts and integrations' keys (hashes only), their sites, sessions and sign-in links.
  // No row about a patron; sessions keep no address or browser.
  account: ['id', 'email', 'name', 'role', 'all_sites', 'password_hash', 'created_at', 'disabled_at'],
  api_key: ['id', 'label', 'role', 'all_sites', 'key_hash', 'from_env', 'created_at', 'revoked_at'],
  access_site: ['account_id', 'api_key_id', 'site_id'],
  auth_session: ['id', 'token_hash', 'account_id', 'created_at', 'expires_at', 'must_set_password'],
  sign_in_link: ['id', 'token_hash', 'account_id', 'created_at', 'expires_at', 'used_at'],
  migrations: ['id', 'timestamp', 'name'],
};

/** Columns that name library staff (who sign in to Hearth), reviewed as such: never a patron. */
const STAFF_COLUMNS = new Set(['account.email', 'account.name']);

const PERSONAL = /(^|_)(mac|ip|ip_?addr(ess)?|remote_addr|user(_?id|name)?|patron|person|email|phone|card|barcode|badge|device_id|imei|ssid|face|dob|birth)(_|$)/i;

describe('the schema holds no patron identifier', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('hearth_privacy');
  });
  afterAll(async () => db.drop());

  it('has exactly the reviewed columns, none of them personal', async () => {
    const { dataSource } = await openDatabase(db.url);
    const rows: { table_name: string; column_name: string }[] = await dataSource.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN pg_class t ON t.relname = c.table_name AND t.relnamespace = 'public'::regnamespace
       WHERE c.table_schema = 'public' AND NOT t.relispartition ORDER BY c.table_name, c.ordinal_position`,
    );
    await dataSource.destroy();
    const actual: Record<string, string[]> = {};
    for (const r of rows) (actual[r.table_name] ??= []).push(r.column_name);
    expect(actual).toEqual(REVIEWED_COLUMNS);
    expect(rows.filter((r) => PERSONAL.test(r.column_name) && !STAFF_COLUMNS.has(`${r.table_name}.${r.column_name}`)).map((r) => `${r.table_name}.${r.column_name}`)).toEqual([]);
  });

  it("keeps the patrons' poll as counters: numbers, a day, a zone and a question, no time of day", async () => {
    const { dataSource } = await openDatabase(db.url);
    const types: { column_name: string; data_type: string }[] = await dataSource.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'poll_tally' ORDER BY ordinal_position`,
    );
    await dataSource.destroy();
    expect(Object.fromEntries(types.map((t) => [t.column_name, t.data_type]))).toEqual({
      site_id: 'integer',
      zone_id: 'integer',
      service_date: 'date',
      dimension: 'text',
      answers: 'integer',
      count_1: 'integer',
      count_2: 'integer',
      count_3: 'integer',
      count_4: 'integer',
      count_5: 'integer',
    });
  });
});
