// The Modello Comuni structure through the real app: the main menu's four items (three on the
// comune's website), the footer filled from the COMUNE_* settings, the site map listing every
// published service in both languages, and the contacts and help box of a service page; and
// the static files a phone downloads first, sent compressed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

const SETTINGS = {
  COMUNE_NAME: 'Comune di Borgoprova',
  COMUNE_SITE_URL: 'https://www.comune.borgoprova.test',
  COMUNE_NEWS_URL: 'https://notizie.borgoprova.test/ultime',
  COMUNE_ADDRESS: 'Piazza Garibaldi 7, 12345 Borgoprova',
  COMUNE_PEC: 'protocollo@pec.borgoprova.test',
  COMUNE_EMAIL: 'urp@borgoprova.test',
  COMUNE_PHONE: '0523 123456',
  COMUNE_FISCAL_CODE: '00112233445',
  COMUNE_VAT_NUMBER: '00112233446',
  COMUNE_SOCIAL_LINKS: 'Facebook|https://facebook.com/borgoprova, YouTube|https://youtube.com/@borgoprova',
  COMUNE_ACCESSIBILITY_URL: 'https://form.agid.gov.it/view/borgoprova-123',
  COMUNE_HELP_URL: 'https://www.comune.borgoprova.test/assistenza',
};

let custom: TestApp;
let plain: TestApp;
beforeAll(async () => {
  custom = await createTestApp(SETTINGS);
  plain = await createTestApp();
});
afterAll(async () => {
  await custom?.close();
  await plain?.close();
});

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const get = (app: TestApp, url: string) => app.app.inject({ method: 'GET', url });
const link = (html: string, element: string) => new RegExp(`<a[^>]*href="([^"]+)"[^>]*data-element="${element}"`).exec(html)?.[1];

describe('main menu and footer', () => {
  it('puts the four items of the Modello Comuni in the main menu, three on the comune\'s website', async () => {
    const { body } = await get(custom, '/servizi');
    expect(link(body, 'management')).toBe('https://www.comune.borgoprova.test/amministrazione');
    expect(link(body, 'news')).toBe('https://notizie.borgoprova.test/ultime');
    expect(link(body, 'all-services')).toBe('/servizi');
    expect(link(body, 'live')).toBe('https://www.comune.borgoprova.test/vivere-il-comune');
    expect(body).toContain('class="custom-navbar-toggler" href="#menu"');
    expect(body).toContain('aria-controls="menu" aria-expanded="false" aria-label="Apri il menu"');
    expect(body).toMatch(/<a [^>]*href="\/auth\/login\?returnTo=%2Fservizi" data-element="personal-area-login"/);
  });

  it('fills the footer from the settings', async () => {
    const { body } = await get(custom, '/');
    const footer = body.slice(body.indexOf('<footer'));
    for (const text of ['Piazza Garibaldi 7, 12345 Borgoprova', 'mailto:protocollo@pec.borgoprova.test', 'mailto:urp@borgoprova.test', 'tel:0523123456', 'Codice fiscale: 00112233445', 'Partita IVA: 00112233446', 'https://facebook.com/borgoprova', '>YouTube<', 'https://www.comune.borgoprova.test/amministrazione-trasparente', '>Amministrazione trasparente<']) {
      expect(footer).toContain(text);
    }
    expect(link(footer, 'accessibility-link')).toBe('https://form.agid.gov.it/view/borgoprova-123');
    expect(link(footer, 'privacy-policy-link')).toBe('/privacy');
    expect(link(footer, 'legal-notes')).toBe('/note-legali');
    expect(footer).toContain('<a href="/mappa-del-sito">Mappa del sito</a>');
  });

  it('has development defaults and leaves out what is not set', async () => {
    const { body } = await get(plain, '/?lang=en');
    const footer = body.slice(body.indexOf('<footer'));
    expect(footer).toContain('Tax code: 00085240950');
    expect(footer).not.toContain('VAT number');
    expect(footer).not.toContain('Follow us');
    expect(link(footer, 'accessibility-link')).toBe('/accessibilita');
    expect(link(body, 'management')).toBe('https://www.comune.example.it/amministrazione');
    expect(footer).toContain('>Site map<');
  });
});

describe('the site map', () => {
  it('lists every published service under its area, in Italian and in English', async () => {
    const published = await custom.app.services.catalogue.list({ locale: 'it' });
    expect(published.items.length).toBeGreaterThan(5);
    const it = await get(custom, '/mappa-del-sito');
    expect(it.statusCode).toBe(200);
    expect(it.body).toContain('<h1>Mappa del sito</h1>');
    const en = await get(custom, '/mappa-del-sito?lang=en');
    expect(en.body).toContain('<h1>Site map</h1>');
    for (const item of published.items) {
      expect(it.body).toContain(`<a href="/servizi/${item.slug}" data-element="service-link">${escape(item.title_it)}</a>`);
      expect(en.body).toContain(`<a href="/servizi/${item.slug}" data-element="service-link">${escape(item.title_en)}</a>`);
    }
    for (const area of custom.app.services.catalogue.areas) expect(it.body).toContain(`href="/servizi?area=${area.code}" data-element="service-category-link"`);
    expect(it.body).toContain('href="https://www.comune.borgoprova.test/amministrazione"');
  });
});

describe('the contacts box of a service page', () => {
  it('names the competent office with its contacts and offers help', async () => {
    const { body } = await get(custom, '/servizi/certificato-residenza');
    const box = body.slice(body.indexOf('<section id="contatti"'));
    expect(box).toContain('<h2 id="contatti-title">Contatti</h2>');
    const office = /<div class="card[^"]*" data-element="service-area">([\s\S]*?)<\/dl>/.exec(box)?.[1] ?? '';
    expect(office).toContain('Ufficio responsabile');
    expect(office).toMatch(/<h3 class="card-title h5">[^<]*Anagrafe[^<]*<\/h3>/i);
    expect(office).toMatch(/mailto:[^"]+@/);
    expect(office).toContain('Orari di apertura');
    expect(box).toContain('Hai bisogno di aiuto?');
    expect(link(box, 'contacts')).toBe('https://www.comune.borgoprova.test/assistenza');
    expect(body).toContain('<a class="list-item" href="#contatti">Contatti</a>');
  });

  it('is a Modello Comuni service page as its validator reads it: the index in the model\'s order, the sections it names filled in', async () => {
    const { body } = await get(custom, '/servizi/certificato-residenza');
    // the validator reads the index as the direct items of the list marked page-index
    const index = /<ul class="link-list" data-element="page-index">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
    const labels = [...index.matchAll(/<li><a class="list-item" href="#[a-z-]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1]!.replace('&#39;', "'"));
    const mandatory = ['A chi è rivolto', 'Come fare', 'Cosa serve', 'Cosa si ottiene', 'Tempi e scadenze', 'Accedi al servizio', 'Condizioni di servizio', 'Contatti'];
    expect(labels.filter((label) => mandatory.includes(label))).toEqual(mandatory);
    const text = (element: string) => new RegExp(`data-element="${element}"[^>]*>([\\s\\S]*?)</(p|div)>`).exec(body)?.[1]?.replace(/<[^>]+>/g, '').trim() ?? '';
    for (const element of ['service-addressed', 'service-how-to', 'service-needed', 'service-achieved', 'service-calendar-text']) expect(text(element).length, element).toBeGreaterThanOrEqual(3);
    for (const element of ['service-online-access', 'service-file', 'service-area', 'service-status', 'service-topic']) expect(body, element).toContain(`data-element="${element}"`);
  });

  it('speaks English too, and falls back to the site map for help when nothing is set', async () => {
    const { body } = await get(plain, '/servizi/certificato-residenza?lang=en');
    const box = body.slice(body.indexOf('<section id="contatti"'));
    expect(box).toContain('>Contacts</h2>');
    expect(box).toContain('Responsible office');
    expect(box).toContain('Need help?');
    expect(link(box, 'contacts')).toBe('/mappa-del-sito');
  });
});

describe('static files for a slow phone', () => {
  it('sends Bootstrap Italia\'s stylesheet compressed, the same bytes once decompressed', async () => {
    const url = '/assets/bootstrap-italia/css/bootstrap-italia.min.css';
    const identity = await plain.app.inject({ method: 'GET', url });
    expect(identity.headers['content-encoding']).toBeUndefined();
    for (const [encoding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      for (let round = 0; round < 2; round++) {
        const res = await plain.app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBe(encoding);
        expect(res.headers.vary).toContain('Accept-Encoding');
        expect(res.rawPayload.length).toBeLessThan(identity.rawPayload.length / 4);
        expect(decode(res.rawPayload).equals(identity.rawPayload)).toBe(true);
      }
    }
    const font = await plain.app.inject({ method: 'GET', url: '/assets/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2', headers: { 'accept-encoding': 'br' } });
    expect(font.headers['content-encoding']).toBeUndefined();
  });

  it('links the slim Bootstrap Italia with its content\'s version, the script deferred, not the full bundle', async () => {
    const home = (await plain.app.inject('/')).body;
    expect(home).not.toContain('bootstrap-italia.min.css');
    expect(home).not.toContain('bootstrap-italia.bundle.min.js');
    for (const file of ['css/bootstrap-italia.slim.css', 'js/bootstrap-italia.slim.js']) {
      const version = createHash('sha256').update(readFileSync(path.join('public', file))).digest('hex').slice(0, 10);
      const url = `/assets/${file}?v=${version}`;
      expect(home, file).toContain(url);
      const res = await plain.app.inject(url);
      expect(res.statusCode, url).toBe(200);
    }
    expect(home).toMatch(/<script src="\/assets\/js\/bootstrap-italia\.slim\.js\?v=[0-9a-f]{10}" defer><\/script>/);
  });
});
