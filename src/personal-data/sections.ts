// The export sections: the categories of data the comune holds about a person, each one file of
// the data export (`<name>.json`) and one line of the "I miei dati" page with its count. A
// section's loader asks the owning domain's service (never its repository) for what is about
// the person. To add a category, write an ExportSection beside your domain's service and append
// it to EXPORT_SECTIONS below: one line (docs/personal-data.md).
import type { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Locale } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import type { Services } from '../services.ts';
import type { PersonFiling } from '../submissions/personal-data.service.ts';
import { accountSection, appointmentsSection, attachmentsSection, contactsSection, delegationsSection, filingsSection, inboxSection, messagesSection, notificationsSection, paymentsSection, representationSection, staffAccessSection } from './core-sections.ts';
import { walletSection } from '../wallet/wallet-export-section.ts';

/** A file of the archive besides the JSON ones (an attachment), streamed when the ZIP is written. */
export interface ArchiveFile {
  path: string;
  modified: Date;
  open(): Promise<Readable>;
}

/** What every loader gets: the person (always the logged-in natural person), the domains, and their filings loaded once. */
export interface ExportContext {
  fiscalCode: string;
  locale: Locale;
  db: DB;
  config: Config;
  clock: Clock;
  services: Services;
  /** every filing naming the person as a party, oldest first (the submissions domain's read) */
  filings: PersonFiling[];
  /** an internal filing id as the person knows it (public id), null when not theirs */
  publicIdOf(submissionId: number | null): string | null;
  /** one load per archive for what several sections read (e.g. the case records) */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export interface SectionContent {
  /** how many records the page announces */
  count: number;
  /** what `<name>.json` holds (dates become ISO strings) */
  data: unknown;
  /** files to add to the archive (only when the ZIP is written: `withFiles`) */
  files?: ArchiveFile[];
}

export interface ExportSection {
  /** the file name (`<name>.json`) and the id of the section: lowercase, digits and dashes */
  name: string;
  title: { it: string; en: string };
  /** one sentence: what this category is and where it comes from */
  about: { it: string; en: string };
  load(context: ExportContext, options: { withFiles: boolean }): Promise<SectionContent>;
}

/** Every category of the export, in the order of the page and of the archive. */
export const EXPORT_SECTIONS: readonly ExportSection[] = [
  accountSection,
  filingsSection,
  attachmentsSection,
  messagesSection,
  inboxSection,
  notificationsSection,
  paymentsSection,
  delegationsSection,
  representationSection,
  contactsSection,
  appointmentsSection,
  staffAccessSection,
  walletSection,
];
