// The INAD / INI-PEC adapter against the stand-in over real HTTP: a person's domicile in INAD,
// a company's PEC in INI-PEC, a professional found in INI-PEC after INAD, nobody's, the registers
// down or too slow (unavailable: the delivery is retried), a refused voucher; and the reading of
// INAD's answer (a ceased address is not used; AgID's Italian field names are read too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpDomicileRegistry, DomicileUnavailableError, readInadAnswer, type DomicileRegistry } from '../../../src/domicile/domicile-registry.ts';
import { DOMICILE_STAND_IN_TOKEN, startDomicileStandIn, type DomicileStandIn } from '../../../src/domicile/domicile.stand-in.ts';
import { systemClock } from '../../../src/platform/time.ts';

let standIn: DomicileStandIn;
let registry: DomicileRegistry;

const client = (timeoutMs: number, token = DOMICILE_STAND_IN_TOKEN) =>
  createHttpDomicileRegistry({ inadUrl: standIn.inadUrl, iniPecUrl: standIn.iniPecUrl, authorization: async () => `Bearer ${token}`, timeoutMs, clock: systemClock });

beforeAll(async () => {
  standIn = await startDomicileStandIn({ port: 0 });
  registry = client(10_000);
});
afterAll(async () => standIn?.close());

describe('the domicile registers over HTTP', () => {
  it('finds a person\'s digital domicile in INAD', async () => {
    expect(await registry.lookup('lvldaa85t50g702b', 'PG 0000001/2026')).toEqual({ address: 'ada.lovelace@pec.example.it', register: 'INAD', profession: null });
    expect(await registry.lookup('RSSMRA80A01H501U', 'PG 0000001/2026')).toEqual({ address: 'mario.rossi@pec.ordine-ingegneri.example.it', register: 'INAD', profession: 'Ingegnere' });
  });

  it('finds a company\'s PEC in INI-PEC, and a professional there when INAD has none', async () => {
    expect(await registry.lookup('01199250158', 'x')).toEqual({ address: 'neri.forniture@pec.example.it', register: 'INI-PEC', profession: null });
    expect(await registry.lookup('BNCPLA65D12L219E', 'x')).toMatchObject({ register: 'INI-PEC', address: 'paolo.bianchi@pec.architetti.example.it' });
  });

  it('answers null for someone with no digital domicile', async () => {
    expect(await registry.lookup('CSRGGL44L13H501E', 'x')).toBeNull();
    expect(await registry.lookup('97735020584', 'x')).toBeNull();
  });

  it('is unavailable when the registers are down, and again available after', async () => {
    standIn.setAvailable(false);
    try {
      await expect(registry.lookup('LVLDAA85T50G702B', 'x')).rejects.toThrow(DomicileUnavailableError);
      await expect(registry.lookup('LVLDAA85T50G702B', 'x')).rejects.toThrow(/INAD answered 503/);
    } finally {
      standIn.setAvailable(true);
    }
    expect(await registry.lookup('LVLDAA85T50G702B', 'x')).not.toBeNull();
  });

  it('is unavailable when a register is slower than the timeout', async () => {
    standIn.setDelayMs(1500);
    try {
      await expect(client(200).lookup('LVLDAA85T50G702B', 'x')).rejects.toThrow(/INAD unreachable: TimeoutError/);
    } finally {
      standIn.setDelayMs(0);
    }
  });

  it('is unavailable when the voucher is refused', async () => {
    await expect(client(10_000, 'not-the-token').lookup('LVLDAA85T50G702B', 'x')).rejects.toThrow(/INAD answered 401/);
  });
});

describe('INAD\'s answer', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  it('skips an address whose validity ended', () => {
    const body = { codiceFiscale: 'X', digitalAddress: [
      { digitalAddress: 'old@pec.example.it', usageInfo: { motivation: 'CESSAZIONE_VOLONTARIA', dateEndValidity: '2025-01-01T00:00:00Z' } },
      { digitalAddress: 'new@pec.example.it', usageInfo: { motivation: 'CESSAZIONE_VOLONTARIA', dateEndValidity: '2099-01-01T00:00:00Z' } },
    ] };
    expect(readInadAnswer(body, now)?.address).toBe('new@pec.example.it');
  });

  it('reads the Italian field names of AgID\'s first OpenAPI', () => {
    const body = { cf: 'X', dataEstrazione: '2026-03-02T09:00:00Z', domiciliDigitali: [{ domicilioDigitale: 'avv@pec.example.it', professioneEsercitata: 'Avvocato', infoUtilizzo: { motivazione: 'CESSAZIONE_VOLONTARIA', dataFineValidita: '2099-01-01T00:00:00Z' } }] };
    expect(readInadAnswer(body, now)).toEqual({ address: 'avv@pec.example.it', register: 'INAD', profession: 'Avvocato' });
  });

  it('refuses an answer of another shape', () => {
    expect(() => readInadAnswer({ foo: 1 }, now)).toThrow(DomicileUnavailableError);
  });
});
