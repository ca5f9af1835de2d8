// The COMUNE_* settings: defaults for development, the links derived from the comune's site,
// and social links refused at boot when they are not "Name|URL" pairs.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { parseSocialLinks } from '../../../src/site/site.config.ts';

const load = (env: Record<string, string> = {}) => ({ site: loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...env }).comune.site });

describe('the comune\'s site settings', () => {
  it('derives the menu links from COMUNE_SITE_URL unless each is set', () => {
    const { site } = load({ COMUNE_SITE_URL: 'https://www.comune.prova.test/', COMUNE_LIVE_URL: 'https://turismo.prova.test' });
    expect(site.links).toEqual({
      site: 'https://www.comune.prova.test',
      management: 'https://www.comune.prova.test/amministrazione',
      news: 'https://www.comune.prova.test/novita',
      live: 'https://turismo.prova.test',
      transparency: 'https://www.comune.prova.test/amministrazione-trasparente',
    });
  });

  it('has development defaults: the portal\'s own legal pages, the creditor\'s fiscal code', () => {
    const { site } = load({ CREDITOR_FISCAL_CODE: '01234567890' });
    expect(site).toMatchObject({ fiscalCode: '01234567890', vatNumber: null, pec: null, social: [], privacyUrl: '/privacy', accessibilityUrl: '/accessibilita', legalNotesUrl: '/note-legali', helpUrl: '/mappa-del-sito' });
    expect(load({ COMUNE_EMAIL: 'urp@prova.test' }).site.helpUrl).toBe('mailto:urp@prova.test');
  });

  it('reads social links as Name|URL pairs and refuses anything else at boot', () => {
    expect(parseSocialLinks(' Facebook|https://fb.test/c , Instagram|https://ig.test/c')).toEqual([
      { name: 'Facebook', url: 'https://fb.test/c' },
      { name: 'Instagram', url: 'https://ig.test/c' },
    ]);
    expect(() => load({ COMUNE_SOCIAL_LINKS: 'Facebook https://fb.test' })).toThrow(ConfigError);
    expect(() => load({ COMUNE_FISCAL_CODE: '123' })).toThrow(ConfigError);
  });
});
