// Paper delegations: a delegator with no digital identity signs the comune's delegation form
// and shows an identity document at a desk; a clerk registers it, with the scanned form and the
// document's copy (PDF, JPEG or PNG, the type decided from the bytes). It is in force at once,
// recorded with the clerk, and the delegate is told. Clerks list them (by fiscal code), open
// one with its files, and revoke one for a delegator who comes back to the desk.
import type { Readable } from 'node:stream';
import { discardUploads, storeCaseUpload, type StoredUpload } from '../backoffice/uploads.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import type { IdentityDocument } from './acting.ts';
import * as repo from './delegations.repository.ts';
import {
  DelegationRefusedError,
  existing,
  move,
  paperRecord,
  personSnapshot,
  procedureIssues,
  todayOf,
  toEvent,
  toItem,
  writeDelegation,
  type DelegationEvent,
  type DelegationItem,
  type DelegationsContext,
  type PaperRecord,
} from './delegations.context.ts';
import { grantIssues, paperIssues, type GrantInput, type Issue, type PaperDelegatorInput } from './delegations.rules.ts';
import type { DelegationRow } from './delegations.table.ts';

/** The files a paper delegation keeps: scans or photos of the form and of the document. */
export const PAPER_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const PAPER_PAGE_SIZE = 50;

export interface Clerk {
  fiscalCode: string;
  name: string;
}

/** What a clerk registers from a signed paper form. */
export interface PaperRegistration extends GrantInput {
  delegator: PaperDelegatorInput;
  document: IdentityDocument;
  /** stored already (storePaperFile); removed again when the registration is refused */
  files: { form: StoredUpload; document: StoredUpload };
}

export interface PaperDetail {
  delegation: DelegationItem;
  paper: PaperRecord;
  events: DelegationEvent[];
}

async function paperRow(ctx: DelegationsContext, id: string): Promise<DelegationRow & { paper: PaperRecord }> {
  const row = await existing(ctx.db, id);
  const paper = paperRecord(row);
  if (!paper) throw new NotFoundError('paper delegation');
  return { ...row, paper };
}

/** The rules of a registration: the delegation's, the delegator's and document's, and the clerk is not a party. */
export function registrationIssues(clerk: Clerk, input: Omit<PaperRegistration, 'files'>, today: string): Issue[] {
  const issues = [...paperIssues(input.delegator, input.document, today), ...grantIssues(input.delegator.fiscalCode, input, today)];
  if (clerk.fiscalCode === input.delegator.fiscalCode) issues.push({ field: 'delegator.fiscalCode', code: 'clerkParty' });
  if (clerk.fiscalCode === input.delegate.fiscalCode) issues.push({ field: 'delegate.fiscalCode', code: 'clerkParty' });
  return issues;
}

export function createPaperDelegations(ctx: DelegationsContext) {
  return {
    /** Streams one file of a paper form into the storage; refused (CaseUploadRefusedError) when empty, too large or not PDF/JPEG/PNG. */
    storePaperFile: (stream: Readable, fileName: string): Promise<StoredUpload> => storeCaseUpload(ctx.storage, stream, fileName, PAPER_FILE_TYPES),

    /** Removes files stored for a registration that did not happen. */
    discardPaperFiles: (uploads: readonly StoredUpload[]): Promise<void> => discardUploads(ctx.storage, uploads),

    /**
     * Registers a paper delegation, in force at once, recorded with the clerk; the delegate is
     * told (in `locale`). Refused with every issue found: nothing written, the files removed.
     */
    async registerOnPaper(clerk: Clerk, input: PaperRegistration, options: { locale: Locale }): Promise<DelegationItem> {
      const files = [input.files.form, input.files.document];
      try {
        const today = todayOf(ctx);
        const issues = registrationIssues(clerk, input, today);
        if (issues.length === 0) issues.push(...(await procedureIssues(ctx.db, input.scope)));
        if (issues.length > 0) throw new DelegationRefusedError(issues);
        const fileRecord = (file: StoredUpload) => ({ name: file.name, contentType: file.contentType, size: file.size, sha256: file.sha256 });
        const view = await writeDelegation(ctx, {
          delegator: personSnapshot(input.delegator),
          delegate: personSnapshot(input.delegate),
          input,
          origin: 'paper',
          event: { kind: 'registered', actorFiscalCode: clerk.fiscalCode, actorRole: 'clerk' },
          paper: {
            clerk_fiscal_code: clerk.fiscalCode,
            identity_document: JSON.stringify(input.document),
            form_file_key: input.files.form.key,
            document_file_key: input.files.document.key,
            paper_files: JSON.stringify({ form: fileRecord(input.files.form), document: fileRecord(input.files.document) }),
          },
          locale: options.locale,
        });
        return toItem((await repo.findDelegation(ctx.db, view.id))!, today, 'clerk');
      } catch (error) {
        await discardUploads(ctx.storage, files);
        throw error;
      }
    },

    /** Paper delegations, newest first, a page at a time; `fiscalCode` (or its beginning) finds either party. */
    async paperList(filter: { fiscalCode?: string | undefined; page: number }): Promise<{ items: DelegationItem[]; hasMore: boolean }> {
      const today = todayOf(ctx);
      const rows = await repo.paperDelegations(ctx.db, { fiscalCode: filter.fiscalCode, limit: PAPER_PAGE_SIZE + 1, offset: (filter.page - 1) * PAPER_PAGE_SIZE });
      return { items: rows.slice(0, PAPER_PAGE_SIZE).map((row) => toItem(row, today, 'clerk')), hasMore: rows.length > PAPER_PAGE_SIZE };
    },

    /** One paper delegation for a clerk, with its document, files and events; 404 for an online one. */
    async paperDetail(id: string): Promise<PaperDetail> {
      const row = await paperRow(ctx, id);
      const events = await repo.eventsOf(ctx.db, id);
      return { delegation: toItem(row, todayOf(ctx), 'clerk'), paper: row.paper, events: events.map(toEvent) };
    },

    /** The scanned form or the document's copy of a paper delegation. */
    async paperFile(id: string, which: 'form' | 'document'): Promise<{ name: string; contentType: string; stream: Readable }> {
      const row = await paperRow(ctx, id);
      const key = which === 'form' ? row.form_file_key : row.document_file_key;
      const file = row.paper.files[which];
      return { name: file.name, contentType: file.contentType, stream: await ctx.storage.get(key!) };
    },

    /** A clerk revokes a paper delegation (the delegator came back to the desk); at once. */
    revokeOnPaper: (clerk: Clerk, id: string) =>
      move(ctx, 'revoke', { fiscalCode: clerk.fiscalCode, roleIn: (row) => (row.origin === 'paper' ? 'clerk' : null) }, id),
  };
}
