import type { Adapter } from '../types.js';
import { disruptiveAdapter } from './disruptive.js';
import { elsysAdapter } from './elsys.js';
import { haltianAdapter } from './haltian.js';
import { milesightPresenceAdapter } from './milesight-presence.js';
import { pressacAdapter } from './pressac.js';

export { disruptiveAdapter, elsysAdapter, haltianAdapter, milesightPresenceAdapter, pressacAdapter };

/** Every desk and seat occupancy adapter, by name. */
export const deskAdapters: Adapter[] = [milesightPresenceAdapter, elsysAdapter, disruptiveAdapter, pressacAdapter, haltianAdapter];
