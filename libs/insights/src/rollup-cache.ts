import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { serviceDateOf } from '@hearth/analytics';
import { rollupStamp } from './rollup/rollup-reader.js';
import type { SiteModel } from './site-model.service.js';
import type { Window } from './window.js';

interface Entry<T> {
  stamp: string;
  value: Promise<T>;
  size: number;
}

export interface RollupCacheOptions<T> {
  /** Most answers kept (0 turns the cache off). */
  maxEntries: number;
  /** Most total size kept, as `sizeOf` measures it (default: no limit beyond `maxEntries`). */
  maxSize?: number;
  sizeOf?: (value: T) => number;
}

/**
 * Roughly how many bytes of heap a JSON-like value holds: 16 per object or
 * array plus 8 per slot, 8 per number, 16 plus 2 per character of a string.
 * Walks the value once; for sizing cache entries, not for accounting.
 */
export function approxBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value)) return 16 + value.byteLength;
  let bytes = 16;
  if (Array.isArray(value)) for (const v of value) bytes += 8 + approxBytes(v);
  else for (const k in value) bytes += 8 + approxBytes((value as Record<string, unknown>)[k]);
  return bytes;
}

/**
 * Answers computed from a site's rollups, kept while those rollups are
 * unchanged. Each lookup reads the stamp of the window's service days (in
 * Hearth, one indexed query on `site_day`): a day rolled up again, a late reading
 * re-aggregated, a rebuild, or a new declaration of the site (its version is
 * part of the key) makes the next lookup compute afresh. So a cached answer is
 * never older than the rollups, and a window that includes today is
 * recomputed whenever today's rollup moves on.
 *
 * Least recently used answers go first once `maxEntries` or `maxSize` is
 * reached. Concurrent lookups of the same key share one computation; a failed
 * one is forgotten.
 */
export class RollupCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private size = 0;

  constructor(
    /** The stamp of the rollups a window reads (see `rollupStamp`). */
    private readonly stampOf: (model: SiteModel, window: Window) => Promise<string>,
    private readonly opts: RollupCacheOptions<T>,
  ) {}

  async get(model: SiteModel, window: Window, key: string, compute: () => Promise<T>): Promise<T> {
    const site = model.file.site;
    const stamp = await this.stampOf(model, window);
    const fullKey = `${site.id}|${model.version}|${window.from}|${window.to}|${key}`;
    const hit = this.entries.get(fullKey);
    if (hit && hit.stamp === stamp) {
      // Most recently used last.
      this.entries.delete(fullKey);
      this.entries.set(fullKey, hit);
      return hit.value;
    }
    if (hit) this.remove(fullKey, hit);
    if (this.opts.maxEntries <= 0) return compute();
    const entry: Entry<T> = { stamp, value: compute(), size: 0 };
    this.entries.set(fullKey, entry);
    this.evict();
    entry.value.then(
      (value) => {
        if (this.entries.get(fullKey) !== entry) return;
        entry.size = this.opts.sizeOf?.(value) ?? 0;
        this.size += entry.size;
        this.evict();
      },
      () => void (this.entries.get(fullKey) === entry && this.remove(fullKey, entry)),
    );
    return entry.value;
  }

  /** How many answers and how much size are kept. */
  stats(): { entries: number; size: number } {
    return { entries: this.entries.size, size: this.size };
  }

  private remove(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.size -= entry.size;
  }

  private evict(): void {
    const maxSize = this.opts.maxSize ?? Infinity;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.opts.maxEntries && this.size <= maxSize) return;
      // The newest entry stays even when it alone is over the size limit: it is being answered.
      if (this.entries.size === 1) return;
      this.remove(key, entry);
    }
  }
}

const MAX_ANSWERS = 256;

/**
 * The analytics answers of every endpoint that reads rollups, in one
 * memory budget (QUERY_CACHE_MB). Callers name what they computed in `key`
 * (endpoint and parameters); the site, its declaration and the window are
 * added here. A cached answer is also serialised once, when first sent
 * (`jsonOf`), so a large answer served again costs no JSON.stringify: a
 * quarter of hourly points is 3-4 MB of JSON.
 */
@Injectable()
export class AnswerCache {
  private readonly cache: RollupCache<unknown>;
  private readonly json = new WeakMap<object, string>();
  private readonly answers = new WeakSet<object>();

  constructor(dataSource: DataSource, @Inject(HEARTH_CONFIG) config: HearthConfig) {
    const maxBytes = config.queryCache.maxBytes;
    const stampOf = (model: SiteModel, window: Window) =>
      rollupStamp(dataSource, model.id, serviceDateOf(model.file.site, window.from), serviceDateOf(model.file.site, window.to - 1));
    // Kept answers hold their JSON too (about half the size of the objects): counted at 1.5 times.
    this.cache = new RollupCache(stampOf, { maxEntries: maxBytes > 0 ? MAX_ANSWERS : 0, maxSize: maxBytes, sizeOf: (v) => 1.5 * approxBytes(v) });
  }

  async get<T>(model: SiteModel, window: Window, key: string, compute: () => Promise<T>): Promise<T> {
    const value = await this.cache.get(model, window, key, compute);
    if (value !== null && typeof value === 'object') this.answers.add(value);
    return value as T;
  }

  /** The JSON of an answer this cache handed out (serialised on the first call), or undefined for any other value. */
  jsonOf(value: unknown): string | undefined {
    if (value === null || typeof value !== 'object' || !this.answers.has(value)) return undefined;
    let json = this.json.get(value);
    if (json === undefined) this.json.set(value, (json = JSON.stringify(value)));
    return json;
  }
}
