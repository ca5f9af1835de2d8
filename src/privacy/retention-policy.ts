// Retention policy: how long a procedure's filings, attachments and messages are kept after the
// case is closed (decided, withdrawn or archived), and on what legal basis. Each catalogue area
// has a default (docs/retention.md gives the reasoning; the comune's DPO must confirm them); a
// procedure definition may override it with its own `retention` block. Pure: no SQL, no clock.
import { z } from 'zod';
import { localizedText, type LocalizedText } from '../forms/definition.ts';

const years = z.number().int().min(1).max(100);

/** The optional `retention` block of a procedure definition (src/catalogue/definition.ts). */
export const retentionSchema = z
  .object({
    /** years the filing (answers, applicant, parties) is kept after the case closes */
    filingYears: years,
    /** years its attachments are kept (at most filingYears; absent: as long as the filing) */
    attachmentYears: years.optional(),
    /** years the messages with the office and the notifications are kept (absent: as long as the filing) */
    messageYears: years.optional(),
    /** the legal basis of the processing and of the retention (law, article) */
    legalBasis: localizedText,
  })
  .strict()
  .superRefine((block, ctx) => {
    for (const key of ['attachmentYears', 'messageYears'] as const) {
      const value = block[key];
      if (value !== undefined && value > block.filingYears) ctx.addIssue({ code: 'custom', path: [key], message: `${key} cannot be longer than filingYears` });
    }
  });

export type RetentionBlock = z.infer<typeof retentionSchema>;

export interface RetentionPolicy {
  filingYears: number;
  attachmentYears: number;
  messageYears: number;
  legalBasis: LocalizedText;
  /** where the policy comes from: the procedure's own block or its area's default */
  source: 'procedure' | 'area';
}

type AreaDefault = Omit<RetentionPolicy, 'source'>;

const PUBLIC_TASK = {
  it: 'Art. 6 par. 1 lett. e) GDPR (compito di interesse pubblico) e art. 2-ter D.Lgs. 196/2003',
  en: 'GDPR art. 6(1)(e) (task in the public interest) and art. 2-ter of Legislative Decree 196/2003',
};

function basis(it: string, en: string): LocalizedText {
  return { it: `${PUBLIC_TASK.it}; ${it}`, en: `${PUBLIC_TASK.en}; ${en}` };
}

/** The defaults per catalogue area (src/catalogue/areas.ts); docs/retention.md explains each. */
export const AREA_DEFAULTS: Readonly<Record<string, AreaDefault>> = {
  'anagrafe-stato-civile': {
    filingYears: 50,
    attachmentYears: 10,
    messageYears: 10,
    legalBasis: basis('L. 1228/1954 e DPR 223/1989 (anagrafe), DPR 396/2000 (stato civile)', 'Law 1228/1954 and Presidential Decree 223/1989 (registry office), Presidential Decree 396/2000 (civil status)'),
  },
  'edilizia-urbanistica': {
    filingYears: 100,
    attachmentYears: 100,
    messageYears: 10,
    legalBasis: basis('DPR 380/2001 (testo unico edilizia); i titoli edilizi sono di conservazione permanente (D.Lgs. 42/2004 art. 30)', 'Presidential Decree 380/2001 (building code); building titles are kept permanently (Legislative Decree 42/2004 art. 30)'),
  },
  'servizi-sociali': {
    filingYears: 10,
    attachmentYears: 5,
    messageYears: 5,
    legalBasis: basis('L. 328/2000; art. 9 par. 2 lett. g) GDPR e art. 2-sexies D.Lgs. 196/2003 per le categorie particolari; prescrizione ordinaria (art. 2946 c.c.)', 'Law 328/2000; GDPR art. 9(2)(g) and art. 2-sexies of Legislative Decree 196/2003 for special categories; ordinary limitation period (Civil Code art. 2946)'),
  },
  tributi: {
    filingYears: 10,
    attachmentYears: 10,
    messageYears: 5,
    legalBasis: basis('L. 296/2006 art. 1 c. 161-164 (accertamento e rimborsi); prescrizione ordinaria (art. 2946 c.c.)', 'Law 296/2006 art. 1(161-164) (assessments and refunds); ordinary limitation period (Civil Code art. 2946)'),
  },
  'scuola-istruzione': {
    filingYears: 5,
    attachmentYears: 2,
    messageYears: 2,
    legalBasis: basis('D.Lgs. 63/2017 (diritto allo studio); prescrizione dei corrispettivi (art. 2948 c.c.)', 'Legislative Decree 63/2017 (right to education); limitation period of fees (Civil Code art. 2948)'),
  },
  'mobilita-trasporti': {
    filingYears: 5,
    attachmentYears: 2,
    messageYears: 2,
    legalBasis: basis('D.Lgs. 285/1992 (codice della strada) e DPR 495/1992; prescrizione delle sanzioni (L. 689/1981 art. 28)', 'Legislative Decree 285/1992 (highway code) and Presidential Decree 495/1992; limitation of fines (Law 689/1981 art. 28)'),
  },
  'attivita-produttive': {
    filingYears: 10,
    attachmentYears: 10,
    messageYears: 5,
    legalBasis: basis('DPR 160/2010 (SUAP), D.Lgs. 114/1998 (commercio); prescrizione ordinaria (art. 2946 c.c.)', 'Presidential Decree 160/2010 (one-stop shop for businesses), Legislative Decree 114/1998 (trade); ordinary limitation period (Civil Code art. 2946)'),
  },
  'ambiente-rifiuti': {
    filingYears: 5,
    attachmentYears: 2,
    messageYears: 2,
    legalBasis: basis('D.Lgs. 152/2006 (norme in materia ambientale)', 'Legislative Decree 152/2006 (environmental code)'),
  },
  'cultura-sport': {
    filingYears: 5,
    attachmentYears: 2,
    messageYears: 2,
    legalBasis: basis('D.Lgs. 267/2000 art. 13 (funzioni del comune); prescrizione dei corrispettivi (art. 2948 c.c.)', 'Legislative Decree 267/2000 art. 13 (functions of the comune); limitation period of fees (Civil Code art. 2948)'),
  },
  'servizi-cimiteriali': {
    filingYears: 50,
    attachmentYears: 10,
    messageYears: 5,
    legalBasis: basis('DPR 285/1990 (regolamento di polizia mortuaria); durata delle concessioni cimiteriali', 'Presidential Decree 285/1990 (mortuary regulations); length of cemetery concessions'),
  },
  'trasparenza-partecipazione': {
    filingYears: 5,
    attachmentYears: 2,
    messageYears: 2,
    legalBasis: basis('D.Lgs. 33/2013 art. 5 (accesso civico), L. 241/1990 art. 22 (accesso agli atti)', 'Legislative Decree 33/2013 art. 5 (civic access), Law 241/1990 art. 22 (access to records)'),
  },
};

/** For an area the table does not know (a later one): the ordinary limitation period. */
export const FALLBACK_DEFAULT: AreaDefault = {
  filingYears: 10,
  attachmentYears: 5,
  messageYears: 5,
  legalBasis: basis('prescrizione ordinaria (art. 2946 c.c.)', 'ordinary limitation period (Civil Code art. 2946)'),
};

/** The policy in force for a procedure: its own block, or its area's default. */
export function resolvePolicy(definition: { area: string; retention?: RetentionBlock | undefined }): RetentionPolicy {
  const block = definition.retention;
  if (block) {
    return {
      filingYears: block.filingYears,
      attachmentYears: block.attachmentYears ?? block.filingYears,
      messageYears: block.messageYears ?? block.filingYears,
      legalBasis: block.legalBasis,
      source: 'procedure',
    };
  }
  return { ...(AREA_DEFAULTS[definition.area] ?? FALLBACK_DEFAULT), source: 'area' };
}

/** What each stage removes, and after how many years of the policy. */
export const STAGES = [
  { stage: 'attachments', years: (p: RetentionPolicy) => p.attachmentYears },
  { stage: 'messages', years: (p: RetentionPolicy) => p.messageYears },
  { stage: 'filing', years: (p: RetentionPolicy) => p.filingYears },
] as const;

/** The closing moment before which a case's stage is due now: `now` minus the years (calendar years, UTC). */
export function closedBefore(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}
