// A CILA filed with its technical report signed (.p7m): the clerk's case page in Chromium shows
// the signer beside the attachment, with the badge's text, and passes axe in both languages.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_PEOPLE } from '../helpers/login.ts';
import { sharedPki } from '../helpers/signatures.ts';
import { CITIZEN, fileProcedure } from '../integration/backoffice/helpers.ts';
import { expectAccessible, loggedIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'sportello-cas-'));
  await writeFile(path.join(dir, 'root.pem'), (await sharedPki()).root.pem);
  e2e = await startE2E({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0', SIGNATURE_TRUSTED_CAS: dir });
});
afterAll(async () => e2e?.close());

it('shows the clerk who signed the technical report, accessibly', async () => {
  const filing = await fileProcedure(e2e.portal.app, CITIZEN, 'cila');
  const clerk = await loggedIn(e2e, TEST_PEOPLE.clerkEdilizia, `/backoffice/pratiche/${filing.publicId}?tab=domanda`);
  const item = clerk.getByRole('listitem').filter({ hasText: 'documento.pdf.p7m' });
  expect(await item.getByText('Firma valida').count()).toBe(1);
  expect(await item.textContent()).toMatch(/Mario Rossi[\s\S]*RSSMRA80A01H501U[\s\S]*Test Qualified CA/);
  await expectAccessible(clerk);
  await clerk.goto(`${e2e.baseUrl}/backoffice/pratiche/${filing.publicId}?tab=domanda&lang=en`);
  expect(await clerk.getByRole('listitem').filter({ hasText: 'documento.pdf.p7m' }).textContent()).toContain('Valid signature');
  await expectAccessible(clerk);
});
