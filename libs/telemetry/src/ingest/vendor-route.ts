import { ADAPTERS, ENVELOPES, NATIVE, adapterForModel, type Adapter, type AdapterInput, type NormalisedEvent } from '@hearth/adapters';
import type { IntegrationInput, SensorKind, SensorMessage, SourceInput } from '@hearth/contracts';
import type { DecodeFailure } from './decode.js';

/** A declared sensor fed by a vendor device. */
export interface SourcedSensor {
  sensor: string;
  kind: SensorKind;
  /** The sensor's adapter ('hearth' when it names none). */
  adapter: string;
  source: SourceInput;
}

/** One site's vendor feeds: its integrations and the sensors mapped to vendor devices. */
export interface SiteFeeds {
  site: string;
  timeZone: string;
  integrations: IntegrationInput[];
  /** Sensors by their source device id, lower-cased. */
  devices: Map<string, SourcedSensor[]>;
}

/** A normalised reading bound for one of the site's sensors (declared, or unclaimed under the device's id). */
export interface VendorMessage {
  sensor: string;
  message: SensorMessage;
}

export interface Routed {
  messages: VendorMessage[];
  failures: DecodeFailure[];
}

/**
 * Turns one vendor payload into readings of the site's sensors.
 *
 * 1. The integration's envelope, if any, gives the device, time, sequence
 *    number and model, and the decoded body.
 * 2. The adapter is the device's sensor's, else the integration's, else the
 *    one that decodes the model the network server reports.
 * 3. Each event is bound to the sensor whose `source` names its device and
 *    channel (a channel named as `outChannel` counts as that door's "out");
 *    `invert` swaps in and out. An event of a device nobody has mapped goes
 *    to an unclaimed sensor named after the device, so nothing is lost
 *    before someone maps it.
 *
 * Every event or payload that cannot be used comes back as a failure with a
 * reason; the caller keeps those as dead letters.
 */
export function routeVendorPayload(feeds: SiteFeeds, integration: IntegrationInput, payload: Buffer, receivedAt: number, topic?: string): Routed {
  const failures: DecodeFailure[] = [];
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    return { messages: [], failures: [{ reason: 'invalid_json', detail: (e as Error).message }] };
  }
  const input: AdapterInput = { receivedAt, timeZone: feeds.timeZone, ...(topic ? { topic } : {}) };
  let model: string | undefined;
  if (integration.envelope) {
    const envelope = ENVELOPES.get(integration.envelope);
    if (!envelope) return { messages: [], failures: [{ reason: 'no_adapter', detail: `integration "${integration.id}" names envelope "${integration.envelope}", which Hearth does not have` }] };
    const unwrapped = envelope.unwrap(body, input);
    if ('reason' in unwrapped) return { messages: [], failures: [{ reason: 'adapter_rejected', detail: `${envelope.name}: ${unwrapped.detail}` }] };
    if (unwrapped.decoded === undefined)
      return { messages: [], failures: [{ reason: 'no_decoded_payload', detail: `device ${unwrapped.device}: the uplink has no decoded payload; attach the device's payload formatter (codec) in the network server` }] };
    Object.assign(input, { device: unwrapped.device, time: unwrapped.time, ...(unwrapped.seq !== undefined ? { seq: unwrapped.seq } : {}) });
    model = unwrapped.model;
    body = unwrapped.decoded;
  }
  const mapped = input.device ? (feeds.devices.get(input.device.toLowerCase()) ?? []) : [];
  const adapter = chooseAdapter(mapped, integration, model);
  if (!adapter) {
    const device = input.device ? `device ${input.device}` : 'the payload';
    return { messages: [], failures: [{ reason: 'no_adapter', detail: `${device}${model ? ` (model ${model})` : ''}: no adapter; name one on its sensor or on integration "${integration.id}"` }] };
  }
  let { events, rejections } = adapter.parse(body, input);
  // A device with a time zone of its own has its naive local times read again in that zone
  // (for vendors whose payload names the device, it is known only now).
  const device = input.device ?? events[0]?.device;
  const own = device === undefined ? undefined : feeds.devices.get(device.toLowerCase());
  const zone = own?.length === 1 ? own[0]!.source.timeZone : undefined;
  if (zone && zone !== input.timeZone) ({ events, rejections } = adapter.parse(body, { ...input, timeZone: zone }));
  for (const r of rejections) failures.push({ reason: 'adapter_rejected', detail: `${adapter.name} (${r.reason}): ${r.detail}` });
  const messages: VendorMessage[] = [];
  for (const event of events) {
    const bound = bind(event, feeds.devices.get(event.device.toLowerCase()) ?? []);
    messages.push({ sensor: bound ? bound.sensor.sensor : unclaimedKey(event.device), message: toMessage(event, bound?.swap ?? false) });
  }
  return { messages, failures };
}

function chooseAdapter(mapped: SourcedSensor[], integration: IntegrationInput, model: string | undefined): Adapter | undefined {
  const named = mapped.find((s) => s.adapter !== NATIVE)?.adapter ?? integration.adapter;
  return (named ? ADAPTERS.get(named) : undefined) ?? adapterForModel(model);
}

/** The sensor an event belongs to: a channel named exactly wins over a sensor taking the whole device. */
function bind(event: NormalisedEvent, candidates: SourcedSensor[]): { sensor: SourcedSensor; swap: boolean } | undefined {
  for (const c of candidates) {
    if (c.source.channel !== undefined && c.source.channel === event.channel) return { sensor: c, swap: c.source.invert };
    if (c.source.outChannel !== undefined && c.source.outChannel === event.channel) return { sensor: c, swap: !c.source.invert };
  }
  const whole = candidates.find((c) => c.source.channel === undefined);
  return whole && { sensor: whole, swap: whole.source.invert };
}

/** An unmapped device's readings wait under its own id (topics and keys cannot hold "/", "+" or "#"). */
export function unclaimedKey(device: string): string {
  return device.replace(/[/+#\s\u0000-\u001f\u007f]/g, '-').slice(0, 128);
}

function toMessage(e: NormalisedEvent, swap: boolean): SensorMessage {
  const common = { ts: e.ts, ...(e.seq !== undefined ? { seq: e.seq } : {}), ...(e.channel ? { channel: e.channel.slice(0, 64) } : {}) };
  switch (e.type) {
    case 'door':
      if ('in' in e) return { type: 'door', ...common, in: swap ? e.out : e.in, out: swap ? e.in : e.out };
      return { type: 'door', ...common, inTotal: swap ? e.outTotal : e.inTotal, outTotal: swap ? e.inTotal : e.outTotal };
    case 'desk':
      return { type: 'desk', ...common, occupied: e.occupied };
    case 'zone':
      return { type: 'zone', ...common, count: e.count };
    case 'heartbeat':
      return { type: 'heartbeat', ...common, ...(e.battery !== undefined ? { battery: Math.max(0, Math.min(100, e.battery)) } : {}) };
  }
}
