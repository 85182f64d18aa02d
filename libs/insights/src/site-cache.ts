import type { SiteModel } from './site-model.service.js';

/**
 * A value computed per site, kept for `ttlMs` while the site's declaration is
 * unchanged, and shared by concurrent callers while it is being computed (a
 * failed computation is forgotten, so the next caller tries again).
 */
export class SiteCache<T> {
  private readonly entries = new Map<string, { at: number; version: string; value: Promise<T> }>();

  constructor(private readonly ttlMs: number) {}

  get(model: SiteModel, now: number, compute: () => Promise<T>): Promise<T> {
    const key = model.file.site.id;
    const hit = this.entries.get(key);
    if (hit && hit.version === model.version && now - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    this.entries.set(key, { at: now, version: model.version, value });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }
}
