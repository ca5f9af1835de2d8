// How the portal reads the company register's answers (src/representation/company-registry.api.ts):
// conservatively. Only the people marked as legal representatives count, with valid codici
// fiscali; a company with invalid codes is left out; an answer of another shape means the
// register is unavailable, never "nobody represents it".
import { describe, expect, it } from 'vitest';
import { readCompanyAnswer, readPersonCompaniesAnswer } from '../../../src/representation/company-registry.api.ts';
import { RegistryUnavailableError } from '../../../src/representation/company-registry.ts';

const SARA = 'FNTSRA72E45F205E';
const MARIO = 'RSSMRA80A01H501U';
const fontana = {
  denominazione: 'Fontana Impianti S.r.l.',
  codiceFiscale: '04567890126',
  partitaIva: 'IT04567890126',
  rappresentantiLegali: [
    { codiceFiscale: SARA.toLowerCase(), nome: 'Sara', cognome: 'Fontana', carica: 'amministratore unico', rappresentanteLegale: true },
    // an auditor holds an office but does not represent the company
    { codiceFiscale: MARIO, nome: 'Mario', cognome: 'Rossi', carica: 'sindaco effettivo', rappresentanteLegale: false },
    { codiceFiscale: 'RSSMRA80A01H501A', nome: 'Codice', cognome: 'Errato', carica: 'consigliere' },
    { codiceFiscale: SARA, nome: 'Sara', cognome: 'Fontana', carica: 'legale rappresentante' },
  ],
  sedeLegale: 'Milano',
};

describe('a company answer', () => {
  it('keeps the legal representatives with valid codes, once each, and the VAT number without its country', () => {
    expect(readCompanyAnswer(200, fontana)).toEqual({
      name: 'Fontana Impianti S.r.l.',
      fiscalCode: '04567890126',
      vatNumber: '04567890126',
      legalRepresentatives: [{ fiscalCode: SARA, givenName: 'Sara', familyName: 'Fontana', role: 'amministratore unico' }],
    });
  });

  it('a person without an office named is a "legale rappresentante"', () => {
    const company = readCompanyAnswer(200, { ...fontana, rappresentantiLegali: [{ codiceFiscale: MARIO }] });
    expect(company!.legalRepresentatives).toEqual([{ fiscalCode: MARIO, givenName: '', familyName: '', role: 'legale rappresentante' }]);
  });

  it('404 or invalid company codes: no company', () => {
    expect(readCompanyAnswer(404, null)).toBeNull();
    expect(readCompanyAnswer(200, { ...fontana, codiceFiscale: '04567890127' })).toBeNull();
    expect(readCompanyAnswer(200, { ...fontana, partitaIva: '123' })!.vatNumber).toBeNull();
  });

  it('an answer of another shape: the register is unavailable', () => {
    expect(() => readCompanyAnswer(200, { name: 'Fontana' })).toThrow(RegistryUnavailableError);
    expect(() => readCompanyAnswer(200, '<html>')).toThrow(RegistryUnavailableError);
  });
});

describe('a person\'s companies', () => {
  it('only those where the person is a legal representative', () => {
    const officine = { denominazione: 'Officine Esempio S.n.c.', codiceFiscale: '05678901231', partitaIva: '05678901231', rappresentantiLegali: [{ codiceFiscale: MARIO, carica: 'socio amministratore' }] };
    const answer = { imprese: [fontana, officine, { ...officine, codiceFiscale: 'bad' }] };
    expect(readPersonCompaniesAnswer(200, answer, MARIO).map((c) => c.name)).toEqual(['Officine Esempio S.n.c.']);
    expect(readPersonCompaniesAnswer(200, answer, SARA).map((c) => c.name)).toEqual(['Fontana Impianti S.r.l.']);
    expect(readPersonCompaniesAnswer(404, null, SARA)).toEqual([]);
    expect(() => readPersonCompaniesAnswer(200, [fontana], SARA)).toThrow(RegistryUnavailableError);
  });
});
