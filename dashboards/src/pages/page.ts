import type { SiteFile, SiteSummary } from '../api/client.js';
import type { Role } from '../auth/session.js';

/** What every page gets: the chosen site, its declaration, the route's parameters, and a place to draw. */
export interface PageContext {
  sites: SiteSummary[];
  site: SiteSummary;
  siteFile: SiteFile;
  params: URLSearchParams;
  root: HTMLElement;
  /** Called when the page is left: stop timers, close streams. */
  onLeave(cleanup: () => void): void;
}

export interface Page {
  id: string;
  title: string;
  /** The weakest role that can use the page (the server's rule); others do not see it in the navigation. */
  minRole?: Role;
  render(ctx: PageContext): Promise<void> | void;
}
