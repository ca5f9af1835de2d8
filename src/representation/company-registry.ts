// The company register (Registro imprese, kept by the chambers of commerce through InfoCamere)
// as the portal asks it: who the legal representatives of a company are, and which companies a
// person represents. Two implementations: the national register reached through PDND
// (company-registry.pdnd.ts, the real one) and a local stand-in with test companies
// (company-registry.stand-in.ts, development and tests only). `openCompanyRegistry` picks the
// configured one; COMPANY_REGISTRY=none leaves the register out (identity claims and
// authorisations only). docs/companies.md says what is assumed of the real e-service.
import type { CompaniesConfig } from './companies.config.ts';
import type { EventLog } from '../platform/logger.ts';
import type { Clock } from '../platform/time.ts';

/** A person the register names for a company, with the office they hold. */
export interface RegistryRepresentative {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  /** As the register words it: "legale rappresentante", "amministratore unico"... */
  role: string;
}

export interface RegistryCompany {
  name: string;
  fiscalCode: string;
  vatNumber: string | null;
  /** The people who may act for the company by law (legal representatives only). */
  legalRepresentatives: RegistryRepresentative[];
}

export interface CompanyRegistry {
  /** The company and its legal representatives now; null when the register does not know it. */
  legalRepresentatives(companyCode: string): Promise<RegistryCompany | null>;
  /** The companies of which the person is a legal representative now (maybe none). */
  companiesRepresentedBy(personFiscalCode: string): Promise<RegistryCompany[]>;
}

/** The register could not answer (down, slow, refusing the portal, an answer not understood). */
export class RegistryUnavailableError extends Error {
  override name = 'RegistryUnavailableError';
}

/** The configured register, and how to stop what it started. */
export interface CompanyRegistryHandle {
  /** null: COMPANY_REGISTRY=none */
  registry: CompanyRegistry | null;
  /** Starts the in-process stand-in when it is the one configured (the portal does; the worker never asks). */
  start(): Promise<void>;
  /** The local stand-in's URL once started in this process, else null. */
  standInUrl(): string | null;
  close(): Promise<void>;
}

const NOTHING_STARTED = { start: async () => {}, standInUrl: () => null, close: async () => {} };

/**
 * The register COMPANY_REGISTRY names. The stand-in's modules are loaded only when it is the
 * one configured (never in production, which refuses it); without COMPANY_REGISTRY_URL its
 * server starts in this process at the first call of start() or of the registry.
 */
export function openCompanyRegistry(config: CompaniesConfig, options: { clock: Clock; log?: EventLog | undefined; production: boolean }): CompanyRegistryHandle {
  if (config.registry === 'none') return { registry: null, ...NOTHING_STARTED };
  if (config.registry === 'pdnd') {
    let pdnd: Promise<CompanyRegistry> | undefined;
    const load = () =>
      (pdnd ??= import('./company-registry.pdnd.ts').then(({ PdndCompanyRegistry }) => new PdndCompanyRegistry({ ...config.pdnd!, registryUrl: config.registryUrl!, timeoutMs: config.timeoutMs, clock: options.clock })));
    return { registry: deferred(load), ...NOTHING_STARTED };
  }
  if (options.production) throw new Error('production refuses COMPANY_REGISTRY=stand-in: set pdnd or none');
  return standInHandle(config, options.clock);
}

/** A registry built at its first use. */
function deferred(load: () => Promise<CompanyRegistry>): CompanyRegistry {
  return {
    legalRepresentatives: async (code) => (await load()).legalRepresentatives(code),
    companiesRepresentedBy: async (code) => (await load()).companiesRepresentedBy(code),
  };
}

function standInHandle(config: CompaniesConfig, clock: Clock): CompanyRegistryHandle {
  let started: Promise<{ client: CompanyRegistry; close(): Promise<void> }> | undefined;
  let url: string | null = null;
  const start = () =>
    (started ??= import('./company-registry.stand-in.ts').then(async ({ StandInCompanyRegistry, startCompanyRegistryStandIn }) => {
      // a stand-in running elsewhere (tests start their own, to change its companies or take it down)
      if (config.registryUrl) return { client: new StandInCompanyRegistry(config.registryUrl, config.timeoutMs), close: async () => {} };
      const server = await startCompanyRegistryStandIn({ port: config.standInPort, clock, fallbackToAnyPort: true });
      url = server.url;
      return { client: new StandInCompanyRegistry(server.url, config.timeoutMs), close: () => server.close() };
    }));
  return {
    registry: deferred(async () => (await start()).client),
    start: async () => void (await start()),
    standInUrl: () => url,
    close: async () => {
      if (started) await (await started).close();
    },
  };
}
