/**
 * Pages by hash route (#/floor?site=riverside&floor=first): bookmarkable,
 * back-button friendly, and served by one static index.html.
 */

export interface Route {
  page: string;
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { page: path || 'floor', params: new URLSearchParams(query ?? '') };
}

/** Changes some parameters of the current route (null removes one); `replace` keeps history clean for continuous controls. */
export function setParams(changes: Record<string, string | null>, replace = false): void {
  const { page, params } = currentRoute();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const hash = `#/${page}?${params.toString()}`;
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
}

export function href(page: string, params: Record<string, string>): string {
  return `#/${page}?${new URLSearchParams(params).toString()}`;
}
