import { counterAdapters } from './counters/index.js';
import { deskAdapters } from './desks/index.js';
import { envelopes } from './envelopes/index.js';
import type { Adapter, Envelope } from './types.js';

/** Every payload adapter Hearth has, by name. */
export const ADAPTERS: ReadonlyMap<string, Adapter> = new Map([...counterAdapters, ...deskAdapters].map((a) => [a.name, a]));

/** Every network-server envelope, by name. */
export const ENVELOPES: ReadonlyMap<string, Envelope> = new Map(envelopes.map((e) => [e.name, e]));

/** The name of Hearth's own payload contract (hearth/v1 topics), which needs no adapter. */
export const NATIVE = 'hearth';

const BY_MODEL = new Map<string, Adapter>();
for (const a of ADAPTERS.values()) for (const m of a.models ?? []) BY_MODEL.set(m.toLowerCase(), a);

/** The adapter for a device model the network server reports (TTS model_id, ChirpStack profile name), if one matches. */
export function adapterForModel(model: string | undefined): Adapter | undefined {
  if (!model) return undefined;
  const m = model.toLowerCase();
  return BY_MODEL.get(m) ?? [...BY_MODEL.entries()].find(([id]) => m.includes(id))?.[1];
}

/** Names the site file may use, for error messages. */
export const adapterNames = (): string[] => [NATIVE, ...ADAPTERS.keys()];
export const envelopeNames = (): string[] => [...ENVELOPES.keys()];
