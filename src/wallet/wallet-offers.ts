// Saved documents offered again in a form's file fields: on a step, each file field (outside
// group items) gets the person's documents that fit it, as radio options beside the upload
// input ("Usa un documento salvato"); the field registry decides what fits
// (forms/fields/file.ts: storedFileFits), expired documents are never offered. Choosing one
// posts its id; the upload service (submissions/uploads.service.ts) asks `savedFiles` for it
// and attaches a copy. Only to a person filing for themselves: acting for someone else, the
// actor's own documents are neither offered nor accepted.
import type { DB } from '../db/database.ts';
import { findStep, formatDate, formatFileSize, storedFileFits, type FieldView, type FileView, type Locale, type StepView } from '../forms/index.ts';
import { translator } from '../platform/i18n.ts';
import type { SavedFiles } from '../submissions/uploads.service.ts';
import { SAVED_DOCUMENT_INPUT } from '../submissions/step-files.ts';
import type { DraftContext } from '../submissions/submissions.service.ts';
import * as repo from './wallet.repository.ts';
import type { WalletService } from './wallet.service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SavedOffer {
  legend: string;
  name: string;
  options: Array<{ id: string; value: string; label: string; checked: boolean }>;
}

/** A FileView with the saved documents it offers (views/forms/fields/file.njk reads `saved`). */
export type FileViewWithSaved = FileView & { saved?: SavedOffer };

/** Who may use the wallet on a draft: its owner acting for themselves, logged in as that person. */
function walletOwner(context: DraftContext, loggedIn: string | null): string | null {
  return context.draft.on_behalf_of === '' && loggedIn === context.draft.owner_fiscal_code ? loggedIn : null;
}

/** The wallet as the upload service sees it: a document of the draft's owner, not expired. */
export function savedFilesOf(db: DB, wallet: WalletService): SavedFiles {
  return {
    async find(owner, id) {
      if (owner.onBehalfOf !== '' || !UUID.test(id)) return null;
      const row = await repo.ownerDocument(db, owner.fiscalCode, id);
      if (!row || (row.expires_on !== null && row.expires_on < wallet.today())) return null;
      return { id: row.id, name: row.original_name, contentType: row.content_type, size: row.size_bytes, sha256: row.sha256, storageKey: row.storage_key };
    },
  };
}

/** The step's view with the fitting saved documents beside each file field. */
export async function offerSavedDocuments(wallet: WalletService, context: DraftContext, stepId: string, view: StepView, locale: Locale, loggedIn: string | null): Promise<StepView> {
  const owner = walletOwner(context, loggedIn);
  if (!owner || !view.hasFileFields) return view;
  const documents = (await wallet.list({ fiscalCode: owner })).filter((d) => !d.expired);
  if (documents.length === 0) return view;
  const t = translator(locale);
  const step = findStep(context.definition.form, stepId);
  const fields = view.fields.map((fieldView: FieldView): FieldView => {
    if (fieldView.kind !== 'file') return fieldView;
    const field = step.fields.find((f) => f.name === fieldView.name);
    const fitting = field ? documents.filter((d) => storedFileFits(field, { contentType: d.content_type, size: d.size_bytes })) : [];
    if (fitting.length === 0) return fieldView;
    const name = `${SAVED_DOCUMENT_INPUT}${fieldView.name}`;
    const option = (d: (typeof fitting)[number]) => {
      const text = t('wallet.offer.option', { title: d.title, kind: t(`wallet.kind.${d.kind}`), name: d.original_name, size: formatFileSize(d.size_bytes, locale) });
      return d.expires_on ? `${text}, ${t('wallet.offer.expires', { date: formatDate(d.expires_on) })}` : text;
    };
    const saved: SavedOffer = {
      legend: t('wallet.offer.legend'),
      name,
      options: [
        { id: `${fieldView.id}-salvato-nessuno`, value: '', label: t('wallet.offer.none'), checked: true },
        ...fitting.map((d) => ({ id: `${fieldView.id}-salvato-${d.id}`, value: d.id, label: option(d), checked: false })),
      ],
    };
    return { ...fieldView, saved } as FileViewWithSaved;
  });
  return { ...view, fields };
}
