import type { Adapter } from '../types.js';
import { butlrAdapter } from './butlr.js';
import { imbuildingsAdapter } from './imbuildings.js';
import { irisysVectorAdapter } from './irisys-vector.js';
import { milesightVs121Adapter } from './milesight-vs121.js';
import { milesightVs12xJsonAdapter } from './milesight-vs12x-json.js';
import { milesightVs13xAdapter } from './milesight-vs13x.js';
import { milesightVs35xAdapter } from './milesight-vs35x.js';
import { terabeeAdapter } from './terabee.js';
import { xovisV5Adapter } from './xovis-v5.js';

export {
  butlrAdapter,
  imbuildingsAdapter,
  irisysVectorAdapter,
  milesightVs121Adapter,
  milesightVs12xJsonAdapter,
  milesightVs13xAdapter,
  milesightVs35xAdapter,
  terabeeAdapter,
  xovisV5Adapter,
};

/** Every people-counter adapter (door counts, running totals, zone headcounts), by name. */
export const counterAdapters: Adapter[] = [
  milesightVs13xAdapter,
  milesightVs35xAdapter,
  milesightVs121Adapter,
  milesightVs12xJsonAdapter,
  imbuildingsAdapter,
  terabeeAdapter,
  xovisV5Adapter,
  irisysVectorAdapter,
  butlrAdapter,
];
