// The ANPR and INPS clients against the registers' stand-in over real HTTP, through the PDND
// client: a voucher per call bound to the tracking evidence, the ModI headers checked by the
// stand-in; found, not found, down, slow and a key PDND does not know.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PdndClient } from '../../../src/platform/pdnd.ts';
import { testClock } from '../../../src/platform/time.ts';
import { PdndAnpr, PdndInpsIsee } from '../../../src/prefill/registers.pdnd.ts';
import { startRegistersStandIn, STAND_IN_PURPOSES, type RegistersStandIn } from '../../../src/prefill/registers.stand-in.ts';
import { RegisterUnavailableError } from '../../../src/prefill/registers.ts';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const keys = pair();
const CLIENT = { clientId: '4a1c2f3e-0000-4000-8000-000000000001', keyId: 'sportello-key-1', audience: 'auth.uat.interop.pagopa.it/client-assertion' };
const clock = testClock('2026-12-04T09:00:00Z');
const evidence = { userId: 'a1b2c3', userLocation: 'sportello-test', loa: 'SpidL2' };
let standIn: RegistersStandIn;

beforeAll(async () => {
  standIn = await startRegistersStandIn({ voucher: { ...CLIENT, purposeIds: [STAND_IN_PURPOSES.anpr, STAND_IN_PURPOSES.inps], publicKeyPem: keys.publicKey }, clock });
});
afterAll(async () => standIn?.close());
beforeEach(() => {
  standIn.clear();
  standIn.setAvailable(true);
  standIn.setDown('anpr', false);
  standIn.setDelayMs(0);
});

const pdnd = (purposeId: string, overrides: Partial<ConstructorParameters<typeof PdndClient>[0]> = {}) =>
  new PdndClient({ ...CLIENT, purposeId, voucherUrl: standIn.tokenUrl, privateKeyPem: keys.privateKey, timeoutMs: 3000, clock, ...overrides });
const anpr = (overrides = {}) => new PdndAnpr(pdnd(STAND_IN_PURPOSES.anpr, overrides), standIn.anprUrl);
const inps = (overrides = {}) => new PdndInpsIsee(pdnd(STAND_IN_PURPOSES.inps, overrides), standIn.inpsUrl);
const calls = () => standIn.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('ANPR through PDND', () => {
  it('finds the residence: a voucher bound to the tracking evidence, then the e-service with the ModI headers', async () => {
    expect(await anpr().residence('LVLDAA85T50G702B', evidence)).toEqual({ street: 'Via Roma', number: '10', cap: '29121', city: 'Piacenza', province: 'PC' });
    expect(calls()).toEqual(['POST /token.oauth2 200', 'POST /anpr/accertamento-residenza 200']);
    const call = standIn.requests()[1]!;
    expect(call.headers.authorization).toMatch(/^Bearer /);
    expect(call.headers.digest).toMatch(/^SHA-256=/);
    expect(claims(call.headers['agid-jwt-trackingevidence']!)).toMatchObject({ userID: 'a1b2c3', userLocation: 'sportello-test', LoA: 'SpidL2', purposeId: STAND_IN_PURPOSES.anpr });
    expect(claims(call.headers['agid-jwt-signature']!)).toMatchObject({ signed_headers: [{ digest: call.headers.digest }, { 'content-type': 'application/json' }] });
    expect(JSON.parse(call.body!)).toMatchObject({ criteriRicerca: { codiceFiscale: 'LVLDAA85T50G702B' }, datiRichiesta: { dataRiferimentoRichiesta: '2026-12-04' } });
  });

  it('finds the household, the person included', async () => {
    const household = await anpr().household('RSSMRA80A01H501U', evidence);
    expect(household?.map((m) => `${m.givenName} ${m.familyName} ${m.relation}`)).toEqual(['Mario Rossi intestatario scheda', 'Anna Rossi coniuge']);
  });

  it('a person ANPR does not know: null', async () => {
    expect(await anpr().residence('MRNLCU00A01H501J', evidence)).toBeNull();
    expect(await anpr().household('MRNLCU00A01H501J', evidence)).toBeNull();
  });

  it('down, slow, or a key PDND does not know: unavailable', async () => {
    standIn.setDown('anpr', true);
    await expect(anpr().residence('LVLDAA85T50G702B', evidence)).rejects.toThrow(RegisterUnavailableError);
    standIn.setDown('anpr', false);
    standIn.setAvailable(false);
    await expect(anpr().residence('LVLDAA85T50G702B', evidence)).rejects.toThrow(/voucher/);
    standIn.setAvailable(true);
    standIn.setDelayMs(1500);
    await expect(anpr({ timeoutMs: 300 }).residence('LVLDAA85T50G702B', evidence)).rejects.toThrow(/unreachable: TimeoutError/);
    standIn.setDelayMs(0);
    await expect(anpr({ privateKeyPem: pair().privateKey }).residence('LVLDAA85T50G702B', evidence)).rejects.toThrow(/refused the voucher: 401 signature/);
    // a voucher for INPS's purpose does not open ANPR
    await expect(new PdndAnpr(pdnd(STAND_IN_PURPOSES.inps), standIn.anprUrl).residence('LVLDAA85T50G702B', evidence)).rejects.toThrow(/answered 401/);
  });
});

describe('INPS ISEE through PDND', () => {
  it('finds the ISEE: value in cents, type, protocol, validity', async () => {
    expect(await inps().isee('LVLDAA85T50G702B', evidence)).toEqual({ valueCents: 1234567, type: 'ordinario', protocol: 'INPS-ISEE-2026-00012345A-00', validUntil: '2026-12-31' });
    expect(calls()).toEqual(['POST /token.oauth2 200', 'POST /inps/consultazione-isee 200']);
  });

  it('no ISEE: null; down: unavailable', async () => {
    expect(await inps().isee('CSRGGL44L13H501E', evidence)).toBeNull();
    standIn.setAvailable(false);
    await expect(inps().isee('LVLDAA85T50G702B', evidence)).rejects.toThrow(RegisterUnavailableError);
  });
});
