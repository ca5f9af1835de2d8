// Applicants for service-level tests, and a helper that takes one through the journey of the
// residence certificate (the simplest seeded procedure) up to a filed submission.
import type { FastifyInstance } from 'fastify';
import { selfApplicant, type Applicant } from '../../src/submissions/submissions.service.ts';

export function applicant(n: number, overrides: Partial<Omit<Applicant, 'filer'>> = {}): Applicant {
  return selfApplicant({
    fiscalCode: `TSTPRS${String(n).padStart(10, '0')}`,
    givenName: 'Persona',
    familyName: `Numero ${n}`,
    spidLevel: 2,
    ...overrides,
  });
}

export const RESIDENCE = 'certificato-residenza';

/** Fills the residence certificate's journey and returns the draft's idempotency key. */
export async function fillResidenceCertificate(app: FastifyInstance, person: Applicant): Promise<string> {
  const service = app.services.submissions;
  let context = await service.begin(person, RESIDENCE);
  await service.acceptPrivacy(context);
  await service.completeStep(context, 'dati-generali', null);
  context = (await service.loadDraft(person, RESIDENCE))!;
  await service.completeStep(context, 'certificato', { intestatario: 'se-stesso', uso: 'esente-pensione' });
  context = (await service.loadDraft(person, RESIDENCE))!;
  await service.completeStep(context, 'dichiarazioni', {});
  return (await service.loadDraft(person, RESIDENCE))!.draft.idempotency_key;
}
