// The REST adapter against the protocol registry stand-in, over real HTTP: a segnatura is
// registered and numbered per year without gaps; the same message sent again gets its number
// back (the registry dedupes on the Identificatore); down, slow, refused and unauthorised
// answers are errors the queue retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryUnavailableError } from '../../../src/protocol/registry-client.ts';
import { startRegistryStandIn, type RegistryStandIn } from '../../../src/protocol/registry.stand-in.ts';
import { buildSegnatura, messageId, type SegnaturaInput } from '../../../src/protocol/segnatura.ts';
import { TEST_IDENTITY } from '../../unit/protocol/identity.ts';

const identity = TEST_IDENTITY;
const input = (n: number): SegnaturaInput => ({
  direction: 'entrata',
  number: n,
  at: new Date(),
  subject: `Domanda ${n}`,
  sender: { kind: 'person', givenName: 'Mario', familyName: 'Rossi', fiscalCode: 'RSSMRA80A01H501U' },
  recipient: { kind: 'comune' },
  primary: { name: `domanda-${n}.json`, mimeType: 'application/json', sha256: 'ab'.repeat(32) },
  attachments: [],
});

let standIn: RegistryStandIn;
const TOKEN = 'contract-test-token';
beforeAll(async () => {
  standIn = await startRegistryStandIn({ port: 0, token: TOKEN });
});
afterAll(async () => standIn?.close());

const client = (overrides: { timeoutMs?: number; token?: string } = {}) => createRegistryClient(() => ({ url: standIn.url, timeoutMs: overrides.timeoutMs ?? 10_000, auth: { bearer: overrides.token ?? TOKEN } }));

describe('protocol registry adapter against the stand-in', () => {
  it('registers segnature with gapless numbers and dedupes a message sent again', async () => {
    const first = await client().register(messageId(identity, 'entrata', 1), buildSegnatura(identity, input(1)));
    const second = await client().register(messageId(identity, 'entrata', 2), buildSegnatura(identity, input(2)));
    const again = await client().register(messageId(identity, 'entrata', 1), buildSegnatura(identity, input(1)));
    expect([first.number, second.number]).toEqual(['0000001', '0000002']);
    expect(first).toMatchObject({ registerCode: 'REG_UFF', duplicate: false, messageId: 'c_x000/AOO_01/PORTALE/0000001' });
    expect(again).toMatchObject({ number: '0000001', duplicate: true });
    expect(first.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(standIn.registrations()).toHaveLength(2);
  });

  it('refuses a segnatura its schema refuses, and a caller without the token', async () => {
    const broken = buildSegnatura(identity, input(3)).replace(/<prot:Oggetto>[^<]*<\/prot:Oggetto>/, '');
    await expect(client().register(messageId(identity, 'entrata', 3), broken)).rejects.toThrow(/answered 400: .*segnatura non valida/);
    await expect(client({ token: 'wrong' }).register(messageId(identity, 'entrata', 3), buildSegnatura(identity, input(3)))).rejects.toThrow(/answered 401/);
    expect(standIn.registrations()).toHaveLength(2);
  });

  it('reports a registry down or too slow as unavailable; the slow one registered it once', { timeout: 60_000 }, async () => {
    standIn.behaviour.down = true;
    await expect(client().register(messageId(identity, 'entrata', 4), buildSegnatura(identity, input(4)))).rejects.toBeInstanceOf(RegistryUnavailableError);
    standIn.behaviour.down = false;
    standIn.behaviour.delayMs = 8000;
    await expect(client({ timeoutMs: 5000 }).register(messageId(identity, 'entrata', 4), buildSegnatura(identity, input(4)))).rejects.toThrow(/no answer within 5000 ms/);
    standIn.behaviour.delayMs = 0;
    // the registry registered it before the portal gave up
    await expect.poll(() => standIn.registrations().length, { timeout: 20_000 }).toBe(3);
    const retried = await client().register(messageId(identity, 'entrata', 4), buildSegnatura(identity, input(4)));
    expect(retried).toMatchObject({ number: '0000003', duplicate: true });
    expect(standIn.registrations().map((r) => r.number)).toEqual(['0000001', '0000002', '0000003']);
  });

  it('takes its behaviour from the control endpoint', async () => {
    const response = await fetch(`${standIn.url}/_control`, { method: 'POST', body: JSON.stringify({ down: true }) });
    expect(await response.json()).toMatchObject({ down: true });
    await expect(client().register(messageId(identity, 'entrata', 5), buildSegnatura(identity, input(5)))).rejects.toThrow(/answered 503/);
    await fetch(`${standIn.url}/_control`, { method: 'POST', body: JSON.stringify({ down: false }) });
  });
});
