// Where a person's or company's digital domicile is found (CAD art. 6-bis, 6-quater): INAD,
// the national index of the domiciles of persons, professionals and private bodies not in a
// professional or business register; INI-PEC, the index of the PEC addresses of companies and
// professionals. Both are e-services reached through PDND with a voucher per purpose. The
// portal asks INAD first for a person and INI-PEC first for a company (a codice fiscale of 11
// digits), then the other. INAD's paths and JSON follow its OpenAPI (AgID, "API estrazione");
// INI-PEC's are assumed (docs/domicile.md says what to check when the comune subscribes).
import { z } from 'zod';
import type { Clock } from '../platform/time.ts';
import type { DomicileRegister } from './domicile.table.ts';

export interface DigitalDomicile {
  address: string;
  register: DomicileRegister;
  /** the professional activity INAD names for a professional's domicile */
  profession: string | null;
}

/** A register did not answer (down, timed out, refused the voucher): the delivery is retried. */
export class DomicileUnavailableError extends Error {
  override name = 'DomicileUnavailableError';
}

export interface DomicileRegistry {
  /** The domicile in force, or null when neither register has one. `reference`: the case it is for (INAD asks). */
  lookup(fiscalCode: string, reference: string): Promise<DigitalDomicile | null>;
}

/** INAD's answer: the English names of the PDND e-service, or the Italian ones of AgID's first OpenAPI. */
const usage = z.object({ motivation: z.string().optional(), dateEndValidity: z.string().optional() }).passthrough();
const inadEnglish = z.object({
    codiceFiscale: z.string(),
    since: z.string().optional(),
    digitalAddress: z.array(z.object({ digitalAddress: z.string(), practicedProfession: z.string().optional(), usageInfo: usage.optional() }).passthrough()).default([]),
  }).passthrough();
const inadItalian = z.object({
    cf: z.string(),
    domiciliDigitali: z.array(z.object({ domicilioDigitale: z.string(), professioneEsercitata: z.string().optional(), infoUtilizzo: z.object({ dataFineValidita: z.string().optional() }).passthrough().optional() }).passthrough()).default([]),
  }).passthrough();
const iniPecAnswer = z.object({ codiceFiscale: z.string().optional(), pec: z.string().nullable().optional() }).passthrough();

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The first address of INAD's answer still in force at `now` (an end of validity passed: ceased). */
export function readInadAnswer(body: unknown, now: Date): DigitalDomicile | null {
  const english = inadEnglish.safeParse(body);
  const italian = english.success ? null : inadItalian.safeParse(body);
  let entries: Array<{ address: string; profession: string | null; end: string | undefined }>;
  if (english.success) entries = english.data.digitalAddress.map((a) => ({ address: a.digitalAddress, profession: a.practicedProfession ?? null, end: a.usageInfo?.dateEndValidity }));
  else if (italian?.success) entries = italian.data.domiciliDigitali.map((a) => ({ address: a.domicilioDigitale, profession: a.professioneEsercitata ?? null, end: a.infoUtilizzo?.dataFineValidita }));
  else throw new DomicileUnavailableError('INAD answered in an unexpected shape');
  const inForce = entries.find((e) => EMAIL.test(e.address) && (!e.end || Date.parse(e.end) > now.getTime()));
  return inForce ? { address: inForce.address, register: 'INAD', profession: inForce.profession } : null;
}

export function readIniPecAnswer(body: unknown): DigitalDomicile | null {
  const parsed = iniPecAnswer.safeParse(body);
  if (!parsed.success) throw new DomicileUnavailableError('INI-PEC answered in an unexpected shape');
  const pec = parsed.data.pec?.trim();
  return pec && EMAIL.test(pec) ? { address: pec, register: 'INI-PEC', profession: null } : null;
}

export const inadPath = (fiscalCode: string, reference: string) => `/extract/${encodeURIComponent(fiscalCode)}?practicalReference=${encodeURIComponent(reference)}`;
export const iniPecPath = (fiscalCode: string) => `/pec/${encodeURIComponent(fiscalCode)}`;

export interface HttpRegistrySettings {
  inadUrl: string;
  iniPecUrl: string;
  /** the Authorization header for a register (a PDND voucher, or the stand-in's token) */
  authorization(register: DomicileRegister): Promise<string>;
  /** the register refused the voucher: forget it, a new one is asked once */
  unauthorized?(register: DomicileRegister): void;
  timeoutMs: number;
  clock: Clock;
}

/** The two registers over HTTP (the real ones through PDND, or the stand-in). */
export function createHttpDomicileRegistry(settings: HttpRegistrySettings): DomicileRegistry {
  async function get(register: DomicileRegister, url: string, retried = false): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json', authorization: await settings.authorization(register) },
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      if (error instanceof DomicileUnavailableError) throw error;
      throw new DomicileUnavailableError(`${register} unreachable: ${(error as Error).name}`, { cause: error });
    }
    if (response.status === 401 && !retried && settings.unauthorized) {
      await response.body?.cancel();
      settings.unauthorized(register);
      return get(register, url, true);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { status: 404, body: null };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DomicileUnavailableError(`${register} answered ${response.status}`);
    }
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  const inad = async (code: string, reference: string) => {
    const { status, body } = await get('INAD', `${settings.inadUrl}${inadPath(code, reference)}`);
    return status === 404 ? null : readInadAnswer(body, settings.clock());
  };
  const iniPec = async (code: string) => {
    const { status, body } = await get('INI-PEC', `${settings.iniPecUrl}${iniPecPath(code)}`);
    return status === 404 ? null : readIniPecAnswer(body);
  };

  return {
    async lookup(fiscalCode, reference) {
      const code = fiscalCode.trim().toUpperCase();
      const company = /^\d{11}$/.test(code);
      // a company's PEC is in the business register (INI-PEC); a person's domicile in INAD,
      // and a professional's may be in either
      return company ? ((await iniPec(code)) ?? (await inad(code, reference))) : ((await inad(code, reference)) ?? (await iniPec(code)));
    },
  };
}
