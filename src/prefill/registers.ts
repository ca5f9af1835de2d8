// The State's registers the portal reads to fill in what it already knows of a person (the
// "once only" principle): ANPR, the national registry of residents (residence, household), and
// INPS (the ISEE, the indicator of the household's economic situation). Each is an interface
// with two implementations: the e-service reached through PDND (registers.pdnd.ts) and a local
// stand-in with the test people (registers.stand-in.ts, development and tests only: the portal
// reaches it through the same PDND client). `openRegisters` picks the configured one;
// REGISTERS=none leaves them out (only the identity's data is prefilled).
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { PdndClient, PdndUnavailableError, type TrackingEvidence } from '../platform/pdnd.ts';
import type { Clock } from '../platform/time.ts';
import type { RegistersConfig } from './registers.config.ts';

export type { TrackingEvidence };

/** An Italian address, as the form's address field stores it. */
export interface RegisterAddress {
  street: string;
  number: string;
  cap: string;
  city: string;
  province: string;
}

export interface HouseholdMember {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  /** as ANPR words the relation to the head of the household: "intestatario scheda", "figlio"... */
  relation: string;
}

export const ISEE_TYPES = ['ordinario', 'minorenni', 'universitario', 'sociosanitario', 'corrente'] as const;
export type IseeType = (typeof ISEE_TYPES)[number];

export interface Isee {
  /** the indicator, in euro cents */
  valueCents: number;
  type: IseeType;
  /** the DSU's protocol number (INPS-ISEE-...) */
  protocol: string;
  /** yyyy-mm-dd: the last day the certificate is valid */
  validUntil: string;
}

/** ANPR: null when it does not know the person (not resident in Italy, not found). */
export interface Anpr {
  residence(fiscalCode: string, evidence: TrackingEvidence): Promise<RegisterAddress | null>;
  household(fiscalCode: string, evidence: TrackingEvidence): Promise<HouseholdMember[] | null>;
}

/** INPS: null when the person has no valid ISEE certificate. */
export interface IseeRegister {
  isee(fiscalCode: string, evidence: TrackingEvidence): Promise<Isee | null>;
}

/** A register could not answer (down, slow, refusing the portal, an answer not understood). */
export class RegisterUnavailableError extends Error {
  override name = 'RegisterUnavailableError';
}

/** Calls of a register, with PDND's failures and answers not understood as RegisterUnavailableError. */
export async function unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PdndUnavailableError) throw new RegisterUnavailableError(error.message, { cause: error });
    throw error;
  }
}

/** The configured registers, and how to stop what they started. */
export interface RegistersHandle {
  /** null: REGISTERS=none */
  anpr: Anpr | null;
  inps: IseeRegister | null;
  /** Starts the in-process stand-in when it is the one configured. */
  start(): Promise<void>;
  /** The stand-in started in this process (tests take it down or slow it), else null. */
  standIn(): import('./registers.stand-in.ts').RegistersStandIn | null;
  close(): Promise<void>;
}

const NOTHING = { start: async () => {}, standIn: () => null, close: async () => {} };

export function openRegisters(config: RegistersConfig, options: { clock: Clock; production: boolean }): RegistersHandle {
  if (config.kind === 'none') return { anpr: null, inps: null, ...NOTHING };
  if (config.kind === 'pdnd') {
    const pdnd = config.pdnd!;
    const load = import('./registers.pdnd.ts');
    const client = (purposeId: string) => new PdndClient({ ...pdnd, purposeId, timeoutMs: config.timeoutMs, clock: options.clock });
    let anpr: Promise<Anpr> | undefined;
    let inps: Promise<IseeRegister> | undefined;
    return {
      anpr: {
        residence: async (code, evidence) => (await (anpr ??= load.then((m) => new m.PdndAnpr(client(config.anpr!.purposeId), config.anpr!.url)))).residence(code, evidence),
        household: async (code, evidence) => (await (anpr ??= load.then((m) => new m.PdndAnpr(client(config.anpr!.purposeId), config.anpr!.url)))).household(code, evidence),
      },
      inps: { isee: async (code, evidence) => (await (inps ??= load.then((m) => new m.PdndInpsIsee(client(config.inps!.purposeId), config.inps!.url)))).isee(code, evidence) },
      ...NOTHING,
    };
  }
  if (options.production) throw new Error('production refuses REGISTERS=stand-in: set pdnd or none');
  return standInHandle(config, options.clock);
}

/**
 * The stand-in, started at the first call: it plays PDND's voucher endpoint too, with a key
 * pair made for this process, so the portal reaches it through the real PDND client.
 */
// one key pair per process for the stand-ins' PDND client (an RSA key takes a while to make)
let standInKeys: Promise<{ publicKey: string; privateKey: string }> | undefined;
const keysForStandIn = () =>
  (standInKeys ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }));

function standInHandle(config: RegistersConfig, clock: Clock): RegistersHandle {
  type Started = { anpr: Anpr; inps: IseeRegister; server: import('./registers.stand-in.ts').RegistersStandIn };
  let started: Promise<Started> | undefined;
  let server: Started['server'] | null = null;
  const start = () =>
    (started ??= Promise.all([import('./registers.stand-in.ts'), import('./registers.pdnd.ts')]).then(async ([standIn, pdnd]) => {
      const keys = await keysForStandIn();
      const client = { clientId: 'sportello-stand-in', keyId: 'stand-in-key', audience: 'stand-in/client-assertion' };
      server = await standIn.startRegistersStandIn({ port: config.standInPort, clock, fallbackToAnyPort: true, voucher: { ...client, purposeIds: [standIn.STAND_IN_PURPOSES.anpr, standIn.STAND_IN_PURPOSES.inps], publicKeyPem: keys.publicKey } });
      const pdndClient = (purposeId: string) => new PdndClient({ ...client, purposeId, voucherUrl: server!.tokenUrl, privateKeyPem: keys.privateKey, timeoutMs: config.timeoutMs, clock });
      return { server, anpr: new pdnd.PdndAnpr(pdndClient(standIn.STAND_IN_PURPOSES.anpr), server.anprUrl), inps: new pdnd.PdndInpsIsee(pdndClient(standIn.STAND_IN_PURPOSES.inps), server.inpsUrl) };
    }));
  return {
    anpr: {
      residence: async (code, evidence) => (await start()).anpr.residence(code, evidence),
      household: async (code, evidence) => (await start()).anpr.household(code, evidence),
    },
    inps: { isee: async (code, evidence) => (await start()).inps.isee(code, evidence) },
    start: async () => void (await start()),
    standIn: () => server,
    close: async () => {
      if (started) await (await started).server.close();
    },
  };
}
