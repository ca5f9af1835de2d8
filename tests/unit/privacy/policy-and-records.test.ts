// The retention policy in force (a procedure's own block over its area's default, checked by the
// definition schema), and the record of processing and notice made from a definition: the
// categories of data read from the fields, the recipients from fees and App IO, the CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import { AREAS } from '../../../src/catalogue/areas.ts';
import { procedureDefinitionSchema, type ProcedureDefinition } from '../../../src/catalogue/definition.ts';
import { loadOffices, loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';
import { dataCategories, recordOfProcessing, recordsCsv } from '../../../src/privacy/processing-record.ts';
import { AREA_DEFAULTS, closedBefore, FALLBACK_DEFAULT, resolvePolicy } from '../../../src/privacy/retention-policy.ts';

let definitions: ProcedureDefinition[];
const bySlug = (slug: string) => definitions.find((d) => d.slug === slug)!;
const context = { comuneName: 'Comune di Prova', dpoEmail: 'rpd@comune-di-prova.it', dpoPec: null, office: { name_it: 'Ufficio Tributi', name_en: 'Tax Office', email: 'tributi@comune-di-prova.it' }, ioEnabled: true };

beforeAll(async () => {
  const officeCodes = new Set((await loadOffices()).map((o) => o.code));
  definitions = await loadProcedureDefinitions(undefined, officeCodes);
});

describe('the retention policy', () => {
  it('has a default for every catalogue area, attachments and messages never longer than the filing', () => {
    for (const area of AREAS) {
      const policy = AREA_DEFAULTS[area.code];
      expect(policy, area.code).toBeDefined();
      expect(policy!.attachmentYears).toBeLessThanOrEqual(policy!.filingYears);
      expect(policy!.messageYears).toBeLessThanOrEqual(policy!.filingYears);
      expect(policy!.legalBasis.it).toContain('GDPR');
      expect(policy!.legalBasis.en).toContain('GDPR');
    }
  });

  it("takes the area's default without a block, the procedure's own with one", () => {
    const residence = bySlug('certificato-residenza');
    expect(resolvePolicy(residence)).toMatchObject({ source: 'area', filingYears: 50, attachmentYears: 10, messageYears: 10 });
    expect(resolvePolicy({ area: 'tributi' })).toMatchObject({ source: 'area', filingYears: 10 });
    expect(resolvePolicy({ area: 'an-area-added-later' })).toMatchObject({ ...FALLBACK_DEFAULT, source: 'area' });
    const own = { ...residence, retention: { filingYears: 20, attachmentYears: 3, legalBasis: { it: 'Regolamento comunale', en: 'Municipal regulation' } } };
    expect(resolvePolicy(own)).toEqual({ source: 'procedure', filingYears: 20, attachmentYears: 3, messageYears: 20, legalBasis: { it: 'Regolamento comunale', en: 'Municipal regulation' } });
  });

  it('is checked by the definition schema: attachments kept longer than the filing, or no legal basis, are refused', () => {
    const residence = bySlug('certificato-residenza');
    expect(procedureDefinitionSchema.safeParse({ ...residence, retention: { filingYears: 5, legalBasis: { it: 'Norma', en: 'Law' } } }).success).toBe(true);
    const longer = procedureDefinitionSchema.safeParse({ ...residence, retention: { filingYears: 5, attachmentYears: 8, legalBasis: { it: 'Norma', en: 'Law' } } });
    expect(longer.success).toBe(false);
    expect(longer.error!.issues[0]!.path).toEqual(['retention', 'attachmentYears']);
    expect(procedureDefinitionSchema.safeParse({ ...residence, retention: { filingYears: 5 } }).success).toBe(false);
    expect(procedureDefinitionSchema.safeParse({ ...residence, retention: { filingYears: 0, legalBasis: { it: 'Norma', en: 'Law' } } }).success).toBe(false);
  });

  it('counts the years back from now in calendar years', () => {
    expect(closedBefore(new Date('2037-03-02T09:00:00Z'), 10).toISOString()).toBe('2027-03-02T09:00:00.000Z');
  });
});

describe('the record of processing', () => {
  it('reads the categories of data from the fields, and special categories from the area', () => {
    expect(dataCategories(bySlug('certificato-residenza'))).toEqual(expect.arrayContaining(['identity', 'contact']));
    expect(dataCategories(bySlug('rimborso-imu'))).toContain('documents');
    expect(dataCategories(bySlug('assegno-maternita'))).toContain('health');
    expect(dataCategories(bySlug('borsa-di-studio'))).toContain('minors');
  });

  it('names the recipients: office and protocol always, pagoPA with fees, App IO when the comune uses it', () => {
    const withFees = definitions.find((d) => d.fees)!;
    const record = recordOfProcessing(withFees, context);
    expect(record.recipients).toEqual(['office', 'protocol', 'pagopa', 'email', 'appio']);
    const free = recordOfProcessing(bySlug('certificato-residenza'), { ...context, ioEnabled: false });
    expect(free.recipients).toEqual(['office', 'protocol', 'email']);
    expect(free).toMatchObject({ controller: { name: 'Comune di Prova' }, dpo: { email: 'rpd@comune-di-prova.it' }, policy: { filingYears: 50 } });
    expect(free.legalReferences.length).toBeGreaterThan(0);
  });

  it('makes a CSV line per procedure, quoted, with a header', () => {
    const records = [recordOfProcessing(bySlug('certificato-residenza'), context), recordOfProcessing(bySlug('rimborso-imu'), context)];
    const csv = recordsCsv(records, (key) => key.split('.').pop()!, 'it');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('"procedure";"controller";"dpo";"office";"purpose";"legalBasis";"categories";"special";"subjects";"recipients";"filingYears";"attachmentYears";"messageYears";"policySource"');
    expect(lines[1]).toContain('"Comune di Prova";"rpd@comune-di-prova.it"');
    expect(lines[1]).toContain('"50";"10";"10";"area"');
  });
});
