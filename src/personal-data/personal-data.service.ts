// The person's rights over their data (GDPR art. 15 and 20): what the comune holds about them,
// by category with counts (the "I miei dati" page), the whole of it as one ZIP (a manifest, one
// JSON file per export section, a readable index.html and the attachments themselves, streamed),
// and the deletion of the optional contacts on request. Always the logged-in natural person's
// own data, by their fiscal code: whoever they act for (a company, a delegator) has theirs.
import { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { zipStream, type ZipEntry } from '../backoffice/zip.ts';
import type { Locale } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import type { Services } from '../services.ts';
import { createNotificationsPersonalData } from '../notifications/personal-data.service.ts';
import { createSubmissionsPersonalData } from '../submissions/personal-data.service.ts';
import { archiveHtml } from './archive-html.ts';
import { EXPORT_SECTIONS, type ArchiveFile, type ExportContext, type ExportSection } from './sections.ts';

/** The version of the archive's layout and JSON shapes; raised when a shape changes incompatibly. */
export const SCHEMA_VERSION = 1;

export interface SectionOverview {
  name: string;
  title: string;
  about: string;
  count: number;
}

const fileOf = (text: string) => () => Promise.resolve(Readable.from([Buffer.from(text, 'utf8')]));

export function createPersonalDataService(deps: { db: DB; config: Config; clock: Clock; services: Services; sections?: readonly ExportSection[] }) {
  const { db, config, clock, services } = deps;
  const sections = deps.sections ?? EXPORT_SECTIONS;

  async function contextFor(fiscalCode: string, locale: Locale): Promise<ExportContext> {
    const filings = await createSubmissionsPersonalData(db, services.storage).filingsOf(fiscalCode);
    const publicIds = new Map(filings.map((f) => [f.id, f.publicId]));
    const memos = new Map<string, Promise<unknown>>();
    return {
      fiscalCode,
      locale,
      db,
      config,
      clock,
      services,
      filings,
      publicIdOf: (id) => (id === null ? null : (publicIds.get(id) ?? null)),
      memo<T>(key: string, load: () => Promise<T>): Promise<T> {
        if (!memos.has(key)) memos.set(key, load());
        return memos.get(key) as Promise<T>;
      },
    };
  }

  async function loadAll(fiscalCode: string, locale: Locale, withFiles: boolean) {
    const context = await contextFor(fiscalCode, locale);
    // one after the other: the export is heavy, and a person's rows are few
    const loaded = [];
    for (const section of sections) loaded.push({ section, content: await section.load(context, { withFiles }) });
    return loaded;
  }

  return {
    /** Each category with its count, in the person's language, and the procedures of their filings (for their privacy notices). */
    async overview(fiscalCode: string, locale: Locale): Promise<{ sections: SectionOverview[]; procedures: Array<{ slug: string; title: string }> }> {
      const context = await contextFor(fiscalCode, locale);
      const overview: SectionOverview[] = [];
      for (const section of sections) {
        const content = await section.load(context, { withFiles: false });
        overview.push({ name: section.name, title: section.title[locale], about: section.about[locale], count: content.count });
      }
      const procedures = new Map<string, string>();
      for (const f of context.filings) {
        if (f.procedure.slug) procedures.set(f.procedure.slug, (locale === 'it' ? f.procedure.title_it : f.procedure.title_en) ?? f.procedure.slug);
      }
      return { sections: overview, procedures: [...procedures].map(([slug, title]) => ({ slug, title })) };
    },

    /** The whole export as a ZIP stream, with what it holds (counts only, for the log line). */
    async archive(fiscalCode: string, locale: Locale): Promise<{ name: string; stream: Readable; sections: number; files: number }> {
      const generatedAt = clock();
      const loaded = await loadAll(fiscalCode, locale, true);
      const files: ArchiveFile[] = loaded.flatMap(({ content }) => content.files ?? []);
      const manifest = {
        schemaVersion: SCHEMA_VERSION,
        generatedAt,
        controller: config.comune.name,
        subject: { fiscalCode },
        language: locale,
        scope: 'The natural person\'s own data, by fiscal code; companies and people they act for are not included.',
        sections: loaded.map(({ section, content }) => ({ name: section.name, file: `${section.name}.json`, title: section.title[locale], count: content.count })),
        files: files.map((f) => f.path),
      };
      const html = archiveHtml({
        locale,
        fiscalCode,
        generatedAt,
        comune: config.comune.name,
        sections: loaded.map(({ section, content }) => ({ name: section.name, title: section.title[locale], about: section.about[locale], count: content.count, data: content.data })),
      });
      const entries: ZipEntry[] = [
        { name: 'manifest.json', modified: generatedAt, open: fileOf(JSON.stringify(manifest, null, 2)) },
        { name: 'index.html', modified: generatedAt, open: fileOf(html) },
        ...loaded.map(({ section, content }) => ({ name: `${section.name}.json`, modified: generatedAt, open: fileOf(JSON.stringify(content.data, null, 2)) })),
        ...files.map((f) => ({ name: f.path, modified: f.modified, open: f.open })),
      ];
      const day = generatedAt.toISOString().slice(0, 10);
      return { name: `i-miei-dati-${day}.zip`, stream: zipStream(entries), sections: loaded.length, files: files.length };
    },

    /** Deletes the optional contacts (e-mail, App IO): the notifications domain does it. */
    forgetContacts(fiscalCode: string): Promise<void> {
      return createNotificationsPersonalData(db, { config, clock }).forgetContacts(fiscalCode);
    },
  };
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>;
