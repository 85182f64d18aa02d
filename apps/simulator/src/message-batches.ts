import { MAX_PAYLOAD_BYTES, sensorTopic, type SensorMessage } from '@hearth/contracts';
import type { SimulatedEvent } from '@hearth/simulation';

/** One MQTT publish: a topic and its JSON payload (a message, or an array of them). */
export interface Publication {
  topic: string;
  payload: string;
  messages: number;
}

/**
 * Groups due events by sensor, keeping each sensor's order, into publishes of
 * at most `maxMessages` messages and MAX_PAYLOAD_BYTES bytes. A single message
 * is sent as an object, several as an array (a batch).
 */
export function toPublications(events: readonly SimulatedEvent[], maxMessages = 50): Publication[] {
  const bySensor = new Map<string, { site: string; messages: SensorMessage[] }>();
  for (const e of events) {
    const key = `${e.site}/${e.sensor}`;
    let entry = bySensor.get(key);
    if (!entry) bySensor.set(key, (entry = { site: e.site, messages: [] }));
    entry.messages.push(e.message);
  }
  const publications: Publication[] = [];
  for (const [key, { site, messages }] of bySensor) {
    const topic = sensorTopic(site, key.slice(site.length + 1));
    let batch: string[] = [];
    let bytes = 2;
    const flush = () => {
      if (!batch.length) return;
      publications.push({ topic, payload: batch.length === 1 ? batch[0]! : `[${batch.join(',')}]`, messages: batch.length });
      batch = [];
      bytes = 2;
    };
    for (const message of messages) {
      const json = JSON.stringify(message);
      const size = Buffer.byteLength(json) + 1;
      if (batch.length >= maxMessages || bytes + size > MAX_PAYLOAD_BYTES) flush();
      batch.push(json);
      bytes += size;
    }
    flush();
  }
  return publications;
}
