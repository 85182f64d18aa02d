import { notice } from '../dom.js';
import type { Page } from './page.js';

export const visitsPage: Page = {
  id: 'visits',
  title: 'Dwell and profiles',
  render(ctx) {
    ctx.root.replaceChildren(notice('This page is not built yet.'));
  },
};
