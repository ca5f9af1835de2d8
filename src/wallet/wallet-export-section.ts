// The document wallet as a category of the person's data export (src/personal-data): the kept
// documents' facts in `wallet-documents.json`, their files in the archive's "documenti" folder.
import type { ExportSection } from '../personal-data/sections.ts';

export const walletSection: ExportSection = {
  name: 'wallet-documents',
  title: { it: 'I miei documenti', en: 'My documents' },
  about: {
    it: 'I documenti che hai salvato nell\'area personale per riusarli nelle domande: sono nell\'archivio, nella cartella "documenti".',
    en: 'The documents you saved in your personal area to use again in applications: they are in the archive, in the "documenti" folder.',
  },
  async load(ctx, { withFiles }) {
    const entries = await ctx.services.wallet.listForExport({ fiscalCode: ctx.fiscalCode });
    const data = entries.map(({ open: _open, ...facts }) => ({ ...facts, path: `documenti/${facts.id}-${facts.fileName}` }));
    const files = withFiles ? entries.map((e, i) => ({ path: data[i]!.path, modified: e.addedAt, open: e.open })) : undefined;
    return { count: data.length, data, ...(files ? { files } : {}) };
  },
};
