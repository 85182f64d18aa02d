/**
 * The contract every vendor adapter keeps. An adapter is a pure function:
 * a payload (already parsed from JSON) plus what the envelope or the
 * integration knows about it, in; normalised events, or reasoned
 * rejections, out. Adapters never touch the database, the clock or the
 * network, so each one is tested with payloads in the vendor's published
 * shapes and nothing else.
 *
 * Mapping an event to a Hearth sensor (which door, which way is "in") is
 * not the adapter's job: events name the vendor's device and channel as
 * the vendor does, and the sensor configuration maps them (see routing).
 */

/** What is known about a payload besides its body. */
export interface AdapterInput {
  /** The vendor device id from the envelope (LoRaWAN DevEUI, serial, ...); direct adapters read their own. */
  device?: string;
  /** The time the envelope gives (ISO-8601 with offset), used when the body carries none. */
  time?: string;
  /** The envelope's sequence number (LoRaWAN f_cnt), for deduplication. */
  seq?: number;
  /** When the payload was received (ms since the epoch): the time of last resort. */
  receivedAt: number;
  /** IANA time zone in which naive local timestamps are read (the sensor's or its site's). */
  timeZone: string;
  /** The MQTT topic it came on, when it came over MQTT (some vendors put the device id there). */
  topic?: string;
}

interface EventBase {
  /** The vendor's device id, as the vendor spells it (mapped to a Hearth sensor afterwards). */
  device: string;
  /** The line, register, region or logic within the device ('' when the device has one). */
  channel: string;
  /** ISO-8601 UTC; for interval counts the END of the interval. */
  ts: string;
  /** A number that identifies this reading among the device's readings (f_cnt, LogEntryId, ...), if the source has one. */
  seq?: number;
  /** Re-sent history (a device catching up after an outage). */
  backfill?: boolean;
}

/** People counted in each direction during the interval that ends at `ts`. */
export interface DoorCountEvent extends EventBase {
  type: 'door';
  in: number;
  out: number;
}

/** A counter's running totals; deltas are derived later, in time order. */
export interface DoorTotalEvent extends EventBase {
  type: 'door';
  inTotal: number;
  outTotal: number;
  /** The value at which the vendor's counter wraps to 0 (65536 for a 16-bit total), when the vendor documents it. */
  width?: number;
}

/** A desk or seat's state at `ts`. */
export interface DeskEvent extends EventBase {
  type: 'desk';
  occupied: boolean;
}

/** People counted in a region at `ts`. */
export interface ZoneCountEvent extends EventBase {
  type: 'zone';
  count: number;
}

/** The device is alive (and perhaps its battery level), with no count to give. */
export interface HeartbeatEvent extends EventBase {
  type: 'heartbeat';
  battery?: number;
}

export type NormalisedEvent = DoorCountEvent | DoorTotalEvent | DeskEvent | ZoneCountEvent | HeartbeatEvent;

/** Why (part of) a payload was not turned into events. Kept as a dead letter with this text. */
export interface Rejection {
  /** Short, stable: 'shape' (not this vendor's shape), 'device_fault', 'pending', 'unsupported', 'time'. */
  reason: string;
  /** A sentence a facilities planner or IT admin can act on. */
  detail: string;
}

export interface AdapterResult {
  events: NormalisedEvent[];
  rejections: Rejection[];
}

/** A payload-shape adapter: one vendor format, body to events. */
export interface Adapter {
  /** The name used in the site file's `adapter` field, e.g. 'milesight-vs13x'. */
  name: string;
  /** One line for the README and the API's list of adapters. */
  description: string;
  /** LoRaWAN model ids this adapter decodes (TTS `version_ids.model_id`), for automatic selection. */
  models?: string[];
  parse(payload: unknown, input: AdapterInput): AdapterResult;
}

/** What a network-server envelope carries besides the decoded body. */
export interface Unwrapped {
  device: string;
  time: string;
  seq?: number;
  /** The device model the network server knows (TTS version_ids.model_id, ChirpStack profile name). */
  model?: string;
  /** The decoded payload (TTS decoded_payload, ChirpStack object); absent when no codec is attached. */
  decoded?: unknown;
}

/** A network-server envelope: strips transport, hands the decoded body to a shape adapter. */
export interface Envelope {
  name: string;
  description: string;
  /** The MQTT topic filter an integration subscribes to by default. */
  defaultTopic: string;
  unwrap(payload: unknown, input: AdapterInput): Unwrapped | Rejection;
}
