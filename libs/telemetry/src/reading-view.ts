/** A raw_event row as the database returns it. */
export interface RawEventRecord {
  kind: string;
  captured_at: Date;
  channel: string;
  seq: string | number;
  in_count: number | null;
  out_count: number | null;
  in_total: string | number | null;
  out_total: string | number | null;
  occupied: boolean | null;
  headcount: number | null;
  battery_pct: number | null;
}

/** A stored reading in the shape of the MQTT/HTTP contract, as the API returns it. */
export function readingView(r: RawEventRecord): Record<string, unknown> {
  const e: Record<string, unknown> = { type: r.kind, ts: r.captured_at.toISOString() };
  if (r.channel) e.channel = r.channel;
  if (Number(r.seq) >= 0) e.seq = Number(r.seq);
  if (r.in_count !== null) Object.assign(e, { in: r.in_count, out: r.out_count });
  if (r.in_total !== null) Object.assign(e, { inTotal: Number(r.in_total), outTotal: Number(r.out_total) });
  if (r.occupied !== null) e.occupied = r.occupied;
  if (r.headcount !== null) e.count = r.headcount;
  if (r.battery_pct !== null) e.battery = r.battery_pct;
  return e;
}
