// Routing on a real database: each seeded procedure with rules, filed through the real journey
// service, lands in the queue its rules name, with the decision and the rule recorded in the
// filing transaction (the case, the filing's office, the first event of its log). A misrouted
// filing is forwarded with a reason: recorded, seen at once by the new office, gone from the old.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/platform/errors.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { CITIZEN, CLERK_EDILIZIA, CLERK_TRIBUTI, fileProcedure, fileResidence, REPRESENTATIVE } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function routed(id: number) {
  const row = await t.app.db
    .selectFrom('cases as c')
    .innerJoin('submissions as s', 's.id', 'c.submission_id')
    .select(['c.office_code', 'c.routed_rule', 's.office_code as filing_office', 'c.status'])
    .where('c.submission_id', '=', id)
    .executeTakeFirstOrThrow();
  const first = await t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', id).where('seq', '=', 1).executeTakeFirstOrThrow();
  return { ...row, first };
}

const address = (cap: string) => ({ street: 'Via Roma', number: '10', cap, city: 'Piacenza', province: 'PC' });

describe('filings land in the queue their procedure\'s rules name', () => {
  it.each([
    ['cila', REPRESENTATIVE, {}, 'suap', 'imprese-al-suap'],
    ['cila', CITIZEN, {}, 'sportello-unico-edilizia', null],
    ['abbattimento-alberi-privati', CITIZEN, { areaVincolata: true, indirizzoArea: address('29122') }, 'sportello-unico-edilizia', 'vincolo-paesaggistico'],
    ['abbattimento-alberi-privati', CITIZEN, { areaVincolata: false, indirizzoArea: address('29121') }, 'sportello-unico-edilizia', 'vincolo-paesaggistico'],
    ['abbattimento-alberi-privati', CITIZEN, { areaVincolata: false, indirizzoArea: address('29122') }, 'ambiente', null],
    ['segnalazione-abbandono-rifiuti', CITIZEN, { infoResponsabile: 'Furgone bianco targato AB123CD' }, 'polizia-locale', 'responsabile-indicato'],
    ['segnalazione-abbandono-rifiuti', CITIZEN, { infoResponsabile: '' }, 'ambiente', null],
  ])('%s by %s -> %s', async (slug, person, overrides, office, rule) => {
    const { id } = await fileProcedure(t.app, person, slug, overrides);
    const r = await routed(id);
    expect(r.office_code).toBe(office);
    expect(r.filing_office).toBe(office);
    expect(r.routed_rule).toBe(rule);
    expect(r.status).toBe('submitted');
    expect(r.first).toMatchObject({ kind: 'filed', to_state: 'submitted', actor_kind: 'applicant', actor_fiscal_code: person.fiscalCode });
    expect(r.first.data).toMatchObject({ office, rule });
    expect((r.first.data as { evaluated: unknown[] }).evaluated.length).toBeGreaterThan(0);
  });

  it('a procedure without rules goes to its default office, recorded as such', async () => {
    const { id } = await fileResidence(t.app);
    const r = await routed(id);
    expect(r).toMatchObject({ office_code: 'anagrafe', routed_rule: null });
    expect(r.first.data).toMatchObject({ office: 'anagrafe', rule: null, evaluated: [] });
  });
});

describe('a misrouted filing', () => {
  it('is forwarded with its reason, recorded, and seen at once by the new office only', async () => {
    const service = t.app.services.backoffice;
    // a citizen's CILA goes to the building desk (taking charge acknowledges it); it concerns a tax matter, say: forward it
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'cila');
    await service.take(CLERK_EDILIZIA, publicId);
    await service.forward(CLERK_EDILIZIA, publicId, 'tributi', 'Riguarda la TARI dell\'immobile, non l\'edilizia');

    const c = await t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ office_code: 'tributi', assignee_fiscal_code: null, status: 'acknowledged' });
    const filing = await t.app.db.selectFrom('submissions').select('office_code').where('id', '=', id).executeTakeFirstOrThrow();
    expect(filing.office_code).toBe('tributi');
    const events = await t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', id).orderBy('seq').execute();
    const forwarded = events.find((e) => e.kind === 'forwarded')!;
    expect(forwarded).toMatchObject({ actor_fiscal_code: CLERK_EDILIZIA.fiscalCode, reason: 'Riguarda la TARI dell\'immobile, non l\'edilizia' });
    expect(forwarded.data).toMatchObject({ fromOffice: 'sportello-unico-edilizia', toOffice: 'tributi' });

    const queue = await service.queue(CLERK_TRIBUTI, { status: 'open' });
    expect(queue.rows.map((r) => r.public_id)).toContain(publicId);
    await expect(service.caseView(CLERK_TRIBUTI, publicId)).resolves.toBeTruthy();
    await expect(service.caseView({ ...CLERK_EDILIZIA, offices: ['sportello-unico-edilizia'] }, publicId)).rejects.toBeInstanceOf(NotFoundError);
    const oldQueue = await service.queue({ ...CLERK_EDILIZIA, offices: ['sportello-unico-edilizia'] }, { status: 'all' });
    expect(oldQueue.rows.map((r) => r.public_id)).not.toContain(publicId);
  });

  it('cannot be forwarded to its own office or to an office that does not exist', async () => {
    const { publicId } = await fileProcedure(t.app, CITIZEN, 'cila');
    const service = t.app.services.backoffice;
    await expect(service.forward(CLERK_EDILIZIA, publicId, 'sportello-unico-edilizia', 'motivo')).rejects.toMatchObject({ field: 'office' });
    await expect(service.forward(CLERK_EDILIZIA, publicId, 'ufficio-inesistente', 'motivo')).rejects.toMatchObject({ field: 'office' });
  });
});
