// ANPR and INPS reached through PDND Interoperabilità: each e-service has its own purpose
// (finalità) and so its own PDND client; every call carries the ModI headers (tracking
// evidence, Agid-JWT-Signature) the shared client builds (src/platform/pdnd.ts). The requests
// and answers are registers.api.ts's.
import { randomUUID } from 'node:crypto';
import type { PdndClient } from '../platform/pdnd.ts';
import { romeDate } from '../platform/time.ts';
import { ANPR_HOUSEHOLD_PATH, ANPR_RESIDENCE_PATH, anprRequest, INPS_ISEE_PATH, inpsRequest, readHousehold, readIsee, readResidence } from './registers.api.ts';
import { unavailableOnFailure, type Anpr, type HouseholdMember, type Isee, type IseeRegister, type RegisterAddress, type TrackingEvidence } from './registers.ts';

const trim = (url: string) => url.replace(/\/$/, '');

export class PdndAnpr implements Anpr {
  private readonly base: string;
  constructor(
    private readonly pdnd: PdndClient,
    url: string,
  ) {
    this.base = trim(url);
  }

  residence(fiscalCode: string, evidence: TrackingEvidence): Promise<RegisterAddress | null> {
    return unavailableOnFailure(async () => {
      const { status, body } = await this.pdnd.postJson(`${this.base}${ANPR_RESIDENCE_PATH}`, this.request(fiscalCode, 'residenza'), evidence);
      return readResidence(status, body, fiscalCode);
    });
  }

  household(fiscalCode: string, evidence: TrackingEvidence): Promise<HouseholdMember[] | null> {
    return unavailableOnFailure(async () => {
      const { status, body } = await this.pdnd.postJson(`${this.base}${ANPR_HOUSEHOLD_PATH}`, this.request(fiscalCode, 'stato-famiglia'), evidence);
      return readHousehold(status, body, fiscalCode);
    });
  }

  private request(fiscalCode: string, caseUse: string) {
    return anprRequest(fiscalCode, romeDate(this.pdnd.settings.clock()), caseUse, randomUUID());
  }
}

export class PdndInpsIsee implements IseeRegister {
  private readonly base: string;
  constructor(
    private readonly pdnd: PdndClient,
    url: string,
  ) {
    this.base = trim(url);
  }

  isee(fiscalCode: string, evidence: TrackingEvidence): Promise<Isee | null> {
    return unavailableOnFailure(async () => {
      const { status, body } = await this.pdnd.postJson(`${this.base}${INPS_ISEE_PATH}`, inpsRequest(fiscalCode, romeDate(this.pdnd.settings.clock())), evidence);
      return readIsee(status, body);
    });
  }
}
