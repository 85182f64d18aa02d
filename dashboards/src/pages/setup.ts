import { notice } from '../dom.js';
import type { Page } from './page.js';

export const setupPage: Page = {
  id: 'setup',
  title: 'Setup',
  render(ctx) {
    ctx.root.replaceChildren(notice('This page is not built yet.'));
  },
};
