import type { SensorMessage } from '@hearth/contracts';
import type { RawEventRow } from '../raw-event.writer.js';

/** Turns a validated message of the native contract into a row for a known sensor. */
export function toRawEventRow(sensorId: number, m: SensorMessage): RawEventRow {
  const row: RawEventRow = {
    sensorId,
    capturedAt: m.ts,
    channel: m.channel ?? '',
    seq: m.seq ?? -1,
    kind: m.type,
    inCount: null,
    outCount: null,
    inTotal: null,
    outTotal: null,
    occupied: null,
    headcount: null,
    batteryPct: null,
  };
  switch (m.type) {
    case 'door':
      if ('in' in m) {
        row.inCount = m.in;
        row.outCount = m.out;
      } else {
        row.inTotal = m.inTotal;
        row.outTotal = m.outTotal;
      }
      break;
    case 'desk':
      row.occupied = m.occupied;
      break;
    case 'zone':
      row.headcount = m.count;
      break;
    case 'heartbeat':
      row.batteryPct = m.battery ?? null;
      break;
  }
  return row;
}
