// The slim Bootstrap Italia committed under public/ (scripts/slim-assets.ts) is what the
// generator makes of the current templates and code: a template that starts using a class the
// slim stylesheet dropped fails here until `npm run assets` is run again.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SLIM_CSS, SLIM_JS, slimAssets } from '../../../scripts/slim-assets.ts';

describe('the slim Bootstrap Italia', () => {
  it('is up to date with the templates (npm run assets)', async () => {
    const { css, js } = await slimAssets();
    expect(await readFile(SLIM_CSS, 'utf8') === css, 'public/css/bootstrap-italia.slim.css is current').toBe(true);
    expect(await readFile(SLIM_JS, 'utf8') === js, 'public/js/bootstrap-italia.slim.js is current').toBe(true);
  });

  it('keeps the rules of the classes the pages use and drops the components they do not', async () => {
    const { css, js } = await slimAssets();
    for (const used of ['.it-header-wrapper', '.navbar-collapsable', '.btn-primary', '.table-responsive', '.visually-hidden', '.steppers-header', '.rating']) expect(css, used).toContain(used);
    for (const unused of ['.carousel-item', '.cookiebar', '.vjs-control', '.bootstrap-select-wrapper']) expect(css, unused).not.toContain(unused);
    expect(css, 'the portal\'s fonts come with it').toMatch(/@font-face\{font-family:"?Titillium Web/);
    expect(js).toContain('navbarcollapsible');
    expect(js.length).toBeLessThan(100_000);
  });
});
