// The company register's REST answers as the portal reads them: two resources and one JSON
// shape, shared by the PDND client and the stand-in (which serves the same shape). The shape of
// the real e-service is an ASSUMPTION until the comune subscribes to it and reads its OpenAPI
// (docs/companies.md, "What must be checked"): this module is the one place to change then.
// The reading is conservative: a person the answer does not mark as a legal representative,
// or whose codice fiscale is not valid, is left out; a company with invalid codes is left out.
import { z } from 'zod';
import { isValidCompanyFiscalCode, isValidFiscalCode, isValidVatNumber } from '../identity/fiscal-code.ts';
import { RegistryUnavailableError, type RegistryCompany, type RegistryRepresentative } from './company-registry.ts';

/** GET {base}/imprese/{companyCode}: the company and the people holding an office in it. */
export const companyPath = (companyCode: string) => `/imprese/${encodeURIComponent(companyCode)}`;
/** GET {base}/persone/{fiscalCode}/imprese: the companies where the person holds an office. */
export const personCompaniesPath = (fiscalCode: string) => `/persone/${encodeURIComponent(fiscalCode)}/imprese`;

const text = z.string().trim().min(1).max(300);

const personSchema = z
  .object({
    codiceFiscale: z.string().trim().toUpperCase(),
    nome: text.optional(),
    cognome: text.optional(),
    /** the office as the register words it */
    carica: text.optional(),
    /** whether the office carries the legal representation of the company */
    rappresentanteLegale: z.boolean().optional(),
  })
  .passthrough();

export const companySchema = z
  .object({
    denominazione: text,
    codiceFiscale: z.string().trim(),
    partitaIva: z.string().trim().nullish(),
    rappresentantiLegali: z.array(personSchema).max(200).default([]),
  })
  .passthrough();

export const companyListSchema = z.object({ imprese: z.array(companySchema).max(500) }).passthrough();

export type CompanyJson = z.input<typeof companySchema>;

/** What the portal keeps of one company of an answer; null when its codes are not valid. */
export function readCompany(raw: z.output<typeof companySchema>): RegistryCompany | null {
  if (!isValidCompanyFiscalCode(raw.codiceFiscale)) return null;
  const vat = raw.partitaIva ? raw.partitaIva.replace(/^IT/i, '') : null;
  const legalRepresentatives: RegistryRepresentative[] = [];
  for (const person of raw.rappresentantiLegali) {
    // an office that is not a legal representation (auditor, proxy...) gives no right here
    if (person.rappresentanteLegale === false) continue;
    if (!isValidFiscalCode(person.codiceFiscale)) continue;
    if (legalRepresentatives.some((p) => p.fiscalCode === person.codiceFiscale)) continue;
    legalRepresentatives.push({
      fiscalCode: person.codiceFiscale,
      givenName: person.nome ?? '',
      familyName: person.cognome ?? '',
      role: person.carica ?? 'legale rappresentante',
    });
  }
  return { name: raw.denominazione, fiscalCode: raw.codiceFiscale, vatNumber: vat && isValidVatNumber(vat) ? vat : null, legalRepresentatives };
}

/** The company a GET of companyPath answered, or null (404, or codes not valid). */
export function readCompanyAnswer(status: number, body: unknown): RegistryCompany | null {
  if (status === 404) return null;
  const parsed = companySchema.safeParse(body);
  if (!parsed.success) throw new RegistryUnavailableError(`company answer not understood: ${issues(parsed.error)}`);
  return readCompany(parsed.data);
}

/** The companies a GET of personCompaniesPath answered where the person is a legal representative. */
export function readPersonCompaniesAnswer(status: number, body: unknown, personFiscalCode: string): RegistryCompany[] {
  if (status === 404) return [];
  const parsed = companyListSchema.safeParse(body);
  if (!parsed.success) throw new RegistryUnavailableError(`company list not understood: ${issues(parsed.error)}`);
  const companies: RegistryCompany[] = [];
  for (const raw of parsed.data.imprese) {
    const company = readCompany(raw);
    // the list names the companies where the person holds any office: only legal representation counts
    if (company && company.legalRepresentatives.some((p) => p.fiscalCode === personFiscalCode) && !companies.some((c) => c.fiscalCode === company.fiscalCode)) {
      companies.push(company);
    }
  }
  return companies;
}

function issues(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/**
 * A GET of the register's JSON: the status and body of a 2xx or 404; anything else (no answer in
 * time, a refusal, a server error, a body that is not JSON) is RegistryUnavailableError.
 */
export async function getJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    throw new RegistryUnavailableError(`register unreachable: ${(error as Error).name}`, { cause: error });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { status: 404, body: null };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new RegistryUnavailableError(`register answered ${response.status}`);
  }
  try {
    return { status: response.status, body: await response.json() };
  } catch (error) {
    throw new RegistryUnavailableError('register answer is not JSON', { cause: error });
  }
}
