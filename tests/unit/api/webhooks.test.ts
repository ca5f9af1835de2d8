// Pure parts of the webhooks: which addresses a delivery may reach (SSRF), which URLs are
// accepted, the event types of the case log's events, and the secrets' shapes.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { hashSecret, newClientId, newSigningSecret, secretMatches } from '../../../src/api/credentials.ts';
import { isPrivateAddress, mayDeliverTo, urlProblem } from '../../../src/api/webhook-targets.ts';
import { eventTypeOf } from '../../../src/api/webhooks.service.ts';

describe('webhook targets', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['93.184.216.34', false],
    ['2606:4700::1111', false],
    ['not an address', true],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it.each([
    ['https://erp.example.it/hooks', null],
    ['http://erp.example.it:8080/hooks', null],
    ['ftp://erp.example.it/hooks', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pass@erp.example.it/', 'credentials'],
    ['not a url', 'url'],
  ])('%s -> %s', (url, problem) => {
    expect(urlProblem(url)).toBe(problem);
  });

  it('refuses literal private addresses unless allowed, without resolving', async () => {
    expect(await mayDeliverTo('http://127.0.0.1:9000/x', false)).toEqual({ ok: false, reason: 'private address' });
    expect(await mayDeliverTo('http://[::1]:9000/x', false)).toEqual({ ok: false, reason: 'private address' });
    expect(await mayDeliverTo('http://127.0.0.1:9000/x', true)).toEqual({ ok: true });
    expect(await mayDeliverTo('gopher://127.0.0.1/x', true)).toEqual({ ok: false, reason: 'scheme' });
  });
});

describe('event types', () => {
  it.each([
    ['filed', {}, 'case.filed'],
    ['transition', { action: 'approve' }, 'case.state_changed'],
    ['message', { direction: 'to-applicant' }, 'case.message_sent'],
    ['message', { direction: 'from-applicant' }, 'case.message_received'],
    ['forwarded', {}, 'case.forwarded'],
    ['assigned', {}, 'case.updated'],
    ['note', {}, null],
  ])('%s %j -> %s', (kind, data, type) => {
    expect(eventTypeOf({ kind, data })).toBe(type);
  });
});

describe('credentials', () => {
  it('matches a secret with its hash only', () => {
    const hash = hashSecret('spcs_abc');
    expect(secretMatches('spcs_abc', hash)).toBe(true);
    expect(secretMatches('spcs_abd', hash)).toBe(false);
    expect(secretMatches('spcs_abc', null)).toBe(false);
  });

  it('makes readable client ids and signing secrets the reference library accepts', () => {
    expect(newClientId('Gestionale Protocollo Ufficio Anagrafe è')).toMatch(/^gestionale-protocollo-ufficio-[a-z0-9-]*-[0-9a-f]{6}$/);
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_/);
    const hook = new Webhook(secret);
    const at = new Date();
    const signature = hook.sign('msg_1', at, '{"a":1}');
    expect(signature).toMatch(/^v1,/);
    expect(hook.verify('{"a":1}', { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature })).toEqual({ a: 1 });
  });
});
