import type { Adapter, AdapterResult, NormalisedEvent, Rejection } from '../types.js';
import { batteryBeat, count, fromEnvelope, intervalOrTotals, isoFromSeconds, isRecord, noDevice, notShape, oneEventPerKey, rejection, result } from '../util.js';

const NAME = 'milesight-vs35x';
const KEYS = { in: 'period_in', out: 'period_out', inTotal: 'total_in', outTotal: 'total_out' };
/** The totals are 16-bit: they wrap after 65 535. */
const WIDTH = 65536;

/**
 * Milesight VS350/VS351 passage counters and VS360 break-beam counters behind a network
 * server. An uplink gives the last period's in/out (`period_in/out`, preferred) and 16-bit
 * running totals (`total_in/out`). `history[]` re-sends readings missed during an outage,
 * each stamped with its own epoch-seconds `timestamp`: they become back-filled events
 * with no sequence number, so a record sent twice keeps one key. A VS360 `event` raised as
 * an alarm (counting anomaly, node not responding, misaligned beams) is a device fault.
 * The battery level (`battery`, or the lower of the VS360's `battery_main` and
 * `battery_node`) becomes a heartbeat.
 */
export const milesightVs35xAdapter: Adapter = {
  name: NAME,
  description: 'Milesight VS350/VS351/VS360 passage counters: period counts or 16-bit totals, history back-fill, VS360 alarms',
  models: ['vs350', 'vs351', 'vs360'],
  parse(payload, input) {
    if (!isRecord(payload)) return notShape(NAME, 'a decoded VS350/VS351/VS360 uplink (an object with period_*, total_*, history or battery)');
    const at = fromEnvelope(input);
    if (!at) return noDevice(NAME);
    const events: NormalisedEvent[] = [];
    const rejections: Rejection[] = [];
    const add = (r: AdapterResult) => {
      events.push(...r.events);
      rejections.push(...r.rejections);
    };
    add(intervalOrTotals(payload, KEYS, { ...at, channel: '' }, `the counts of ${at.device}`, WIDTH));
    const history = payload.history === undefined ? [] : Array.isArray(payload.history) ? payload.history : [payload.history];
    history.forEach((record, i) => {
      const ts = isRecord(record) ? isoFromSeconds(record.timestamp) : undefined;
      if (!isRecord(record) || ts === undefined) {
        rejections.push(rejection('time', `history record ${i + 1} from ${at.device} has no readable timestamp (epoch seconds), so it was not kept: ${JSON.stringify(record)}`));
        return;
      }
      add(intervalOrTotals(record, KEYS, { device: at.device, channel: '', ts, backfill: true }, `history record at ${ts} from ${at.device}`, WIDTH));
    });
    const alarms = payload.event === undefined ? [] : Array.isArray(payload.event) ? payload.event : [payload.event];
    for (const alarm of alarms) {
      const type = isRecord(alarm) ? String(alarm.type ?? 'unknown event') : JSON.stringify(alarm);
      const status = isRecord(alarm) ? String(alarm.status ?? '') : '';
      if (/release/i.test(status)) continue;
      rejections.push(rejection('device_fault', `${at.device} reports "${type}"${status && ` (${status})`}: its counts may be wrong until the alarm is released; check the counter's alignment and its node`));
    }
    const levels = [payload.battery, payload.battery_main, payload.battery_node].map(count).filter((b) => b !== undefined);
    const battery = levels.length ? Math.min(...levels) : undefined;
    const beside = events.length > 0 || rejections.length > 0;
    return result(oneEventPerKey([...events, ...batteryBeat(at, battery, beside)]), rejections);
  },
};
