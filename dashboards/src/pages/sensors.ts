import { notice } from '../dom.js';
import type { Page } from './page.js';

export const sensorsPage: Page = {
  id: 'sensors',
  title: 'Sensors',
  render(ctx) {
    ctx.root.replaceChildren(notice('This page is not built yet.'));
  },
};
