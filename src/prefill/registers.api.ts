// The requests and answers of the ANPR and INPS e-services as the portal reads them, shared by
// the PDND clients and the stand-in (which serves the same JSON). ANPR's e-services on PDND take
// a POST with the search criteria (the codice fiscale), the reference date and the reason, and
// answer the list of people found with their data (generalità, residenza, legame with the head
// of the household). The paths and the exact JSON are an ASSUMPTION modelled on ANPR's
// published e-services until the comune subscribes and reads their OpenAPI (docs/prefill.md):
// this module is the one place to change then. Readings are conservative: an address with a
// part missing, an ISEE without a protocol or a value, are answers not understood.
import { z } from 'zod';
import { ISEE_TYPES, RegisterUnavailableError, type HouseholdMember, type Isee, type RegisterAddress } from './registers.ts';

/** POST {ANPR base}/accertamento-residenza: where the person lives. */
export const ANPR_RESIDENCE_PATH = '/accertamento-residenza';
/** POST {ANPR base}/accertamento-stato-famiglia: the people of the person's household. */
export const ANPR_HOUSEHOLD_PATH = '/accertamento-stato-famiglia';
/** POST {INPS base}/consultazione-isee: the person's current ISEE certificate. */
export const INPS_ISEE_PATH = '/consultazione-isee';

/** The body of an ANPR request: one person, at a date, for a reason. */
export function anprRequest(fiscalCode: string, date: string, caseUse: string, operationId: string) {
  return {
    idOperazioneClient: operationId,
    criteriRicerca: { codiceFiscale: fiscalCode },
    datiRichiesta: { dataRiferimentoRichiesta: date, motivoRichiesta: 'precompilazione istanza online (art. 50 CAD)', casoUso: caseUse },
  };
}
export const anprRequestSchema = z.object({
  idOperazioneClient: z.string().min(1),
  criteriRicerca: z.object({ codiceFiscale: z.string().min(1) }),
  datiRichiesta: z.object({ dataRiferimentoRichiesta: z.string(), motivoRichiesta: z.string(), casoUso: z.string() }),
});

export function inpsRequest(fiscalCode: string, date: string) {
  return { codiceFiscale: fiscalCode, dataRiferimento: date };
}
export const inpsRequestSchema = z.object({ codiceFiscale: z.string().min(1), dataRiferimento: z.string() });

const text = z.string().trim().min(1).max(200);

const generalita = z.object({ codiceFiscale: z.object({ codFiscale: z.string().trim().toUpperCase() }), nome: text.optional(), cognome: text.optional() }).passthrough();

const indirizzo = z
  .object({
    cap: z.string().trim().regex(/^\d{5}$/),
    comune: z.object({ nomeComune: text, siglaProvinciaIstat: z.string().trim().regex(/^[A-Za-z]{2}$/) }).passthrough(),
    toponimo: z.object({ specie: text, denominazioneToponimo: text }).passthrough(),
    numeroCivico: z.object({ numero: z.string().trim().min(1).max(10), lettera: z.string().trim().max(5).optional() }).passthrough().optional(),
  })
  .passthrough();

const soggetto = z
  .object({
    generalita,
    residenza: z.array(z.object({ indirizzo }).passthrough()).optional(),
    legameSoggetto: z.object({ descrizioneLegame: text.optional() }).passthrough().optional(),
  })
  .passthrough();

export const anprAnswerSchema = z.object({ idOperazioneANPR: z.string().optional(), listaSoggetti: z.object({ datiSoggetto: z.array(soggetto).max(50) }).passthrough() }).passthrough();
export type AnprAnswerJson = z.input<typeof anprAnswerSchema>;

export const iseeAnswerSchema = z
  .object({
    attestazione: z
      .object({
        protocolloDsu: z.string().trim().min(1).max(40),
        tipoIsee: z.string().trim().toLowerCase().pipe(z.enum(ISEE_TYPES)),
        valoreIsee: z.number().nonnegative().max(10_000_000),
        dataScadenza: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      })
      .passthrough(),
  })
  .passthrough();
export type IseeAnswerJson = z.input<typeof iseeAnswerSchema>;

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new RegisterUnavailableError(`${what} not understood: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The residence of the person asked about, or null (404, or not in the list). */
export function readResidence(status: number, body: unknown, fiscalCode: string): RegisterAddress | null {
  if (status === 404) return null;
  const person = parse(anprAnswerSchema, body, 'ANPR answer').listaSoggetti.datiSoggetto.find((s) => s.generalita.codiceFiscale.codFiscale === fiscalCode);
  const address = person?.residenza?.[0]?.indirizzo;
  if (!address) return null;
  const civic = address.numeroCivico;
  return {
    street: `${address.toponimo.specie} ${address.toponimo.denominazioneToponimo}`.replace(/\s+/g, ' ').trim(),
    number: civic ? `${civic.numero}${civic.lettera ?? ''}` : 'snc',
    cap: address.cap,
    city: address.comune.nomeComune,
    province: address.comune.siglaProvinciaIstat.toUpperCase(),
  };
}

/** The household of the person asked about (themselves included), or null when ANPR does not know them. */
export function readHousehold(status: number, body: unknown, fiscalCode: string): HouseholdMember[] | null {
  if (status === 404) return null;
  const people = parse(anprAnswerSchema, body, 'ANPR answer').listaSoggetti.datiSoggetto;
  if (!people.some((p) => p.generalita.codiceFiscale.codFiscale === fiscalCode)) return null;
  return people.map((p) => ({
    fiscalCode: p.generalita.codiceFiscale.codFiscale,
    givenName: p.generalita.nome ?? '',
    familyName: p.generalita.cognome ?? '',
    relation: p.legameSoggetto?.descrizioneLegame ?? '',
  }));
}

/** The person's ISEE certificate, or null (404: none presented). */
export function readIsee(status: number, body: unknown): Isee | null {
  if (status === 404) return null;
  const found = parse(iseeAnswerSchema, body, 'INPS answer').attestazione;
  return { valueCents: Math.round(found.valoreIsee * 100), type: found.tipoIsee, protocol: found.protocolloDsu, validUntil: found.dataScadenza };
}
