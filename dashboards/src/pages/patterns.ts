import { notice } from '../dom.js';
import type { Page } from './page.js';

export const patternsPage: Page = {
  id: 'patterns',
  title: 'Patterns',
  render(ctx) {
    ctx.root.replaceChildren(notice('This page is not built yet.'));
  },
};
