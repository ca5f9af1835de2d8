// The builder keeps a procedure's retention block when an administrator saves the service
// page, whose form does not show it (the definition files and imports set it).
import { describe, expect, it } from 'vitest';
import { loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';
import { setMetadata, type DraftDefinition } from '../../../src/admin/draft.ts';

describe('the builder and retention', () => {
  it('keeps the retention block on saving the service page', async () => {
    const residence = (await loadProcedureDefinitions()).find((d) => d.slug === 'certificato-residenza')!;
    const retention = { filingYears: 20, attachmentYears: 2, legalBasis: { it: 'Regolamento comunale', en: 'Municipal regulation' } };
    const shaped = { ...residence, retention } as unknown as DraftDefinition;
    const { schemaVersion: _v, slug: _s, form: _f, fees: _fees, routing: _r, retention: _kept, ...metadata } = shaped as DraftDefinition & { retention?: unknown };
    const saved = setMetadata(shaped, { ...metadata, title: { it: 'Nuovo titolo', en: 'New title' } } as never) as unknown as Record<string, unknown>;
    expect(saved.retention).toEqual(retention);
    expect(saved.title).toEqual({ it: 'Nuovo titolo', en: 'New title' });
  });
});
