import type { Envelope } from '../types.js';
import { chirpstackV4Envelope } from './chirpstack-v4.js';
import { milesightGwEnvelope } from './milesight-gw.js';
import { ttsV3Envelope } from './tts-v3.js';

export { chirpstackV4Envelope, milesightGwEnvelope, ttsV3Envelope };

/** Every network-server envelope Hearth unwraps, by name. */
export const envelopes: Envelope[] = [ttsV3Envelope, chirpstackV4Envelope, milesightGwEnvelope];
