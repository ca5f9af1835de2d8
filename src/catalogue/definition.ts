// A procedure definition: everything the portal knows about one procedure of the comune (its
// service page, its legal frame, its competent office and its form), as versioned data. One
// YAML file per procedure under src/catalogue/seed/procedures; administrators will edit the
// same shape through the builder.
import { z } from 'zod';
import { formSchema, localizedText } from '../forms/definition.ts';
import { AREAS } from './areas.ts';
import { feesSchema } from '../payments/fees.ts';
import { routingSchema } from '../routing/rules.ts';
import { retentionSchema } from '../privacy/retention-policy.ts';
import { callProblems, callSchema } from '../calls/call-definition.ts';

export const AUDIENCES = ['citizens', 'businesses', 'both'] as const;
/** The kinds of procedure and the rules of law (the back office's workflow.ts has the same lists). */
export const PROCEDURE_KINDS = ['istanza', 'scia', 'cila', 'segnalazione', 'prenotazione'] as const;
export const PROCEDURE_REGIMES = ['general', 'building'] as const;
export type Audience = (typeof AUDIENCES)[number];

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes')
  .max(80);

const areaCodes = AREAS.map((area) => area.code) as [string, ...string[]];

export const legalReferenceSchema = z
  .object({
    title: z.string().trim().min(3),
    url: z.string().url().optional(),
  })
  .strict();

export const costSchema = z
  .object({
    /** What a person pays, in words (e.g. "Marca da bollo da 16 euro"). */
    description: localizedText,
    /** The total in euro cents when it is fixed; absent when it depends on the answers. */
    amountCents: z.number().int().nonnegative().optional(),
  })
  .strict();

export const procedureDefinitionSchema = z
  .object({
    /** Version of this file format, so that later formats can migrate older files. */
    schemaVersion: z.literal(1),
    slug,
    title: localizedText,
    /** One sentence for lists and search results. */
    summary: localizedText,
    area: z.enum(areaCodes, { errorMap: () => ({ message: `unknown area; use one of ${areaCodes.join(', ')}` }) }),
    audience: z.enum(AUDIENCES),
    /** "Cos'è": what the procedure is for. */
    description: localizedText,
    /** "A chi è rivolto". */
    whoCanApply: localizedText,
    /** "Come fare". */
    howTo: localizedText,
    /** "Cosa serve": conditions to meet. */
    requirements: z.array(localizedText).default([]),
    /** Documents to attach or to have at hand. */
    documents: z.array(localizedText).default([]),
    cost: costSchema,
    /** What the person pays through pagoPA and when (payments/fees.ts); absent: nothing online. */
    fees: feesSchema.optional(),
    /** Maximum duration of the procedure in days (Law 241/1990 art. 2: 30 unless set). */
    durationDays: z.number().int().min(1).max(180).default(30),
    legalReferences: z.array(legalReferenceSchema).min(1),
    /** Code of the competent office (offices.yaml). */
    office: slug,
    /** Minimum SPID/CIE level to file (1, 2 or 3). */
    spidLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
    /** Art. 20: silence at the deadline counts as acceptance. */
    silenceConsent: z.boolean().default(false),
    /**
     * The kind of procedure, which gives its lifecycle and legal clock (src/backoffice/workflow.ts):
     * an application decided by the office (istanza, L. 241/1990 art. 2), a SCIA (art. 19), a
     * CILA (DPR 380/2001 art. 6-bis), a report to the office (segnalazione), a booking.
     * Absent: istanza (and absent regime, adoption, competitive: general, false, false).
     */
    kind: z.enum(PROCEDURE_KINDS).optional(),
    /** 'building': the rules of DPR 380/2001 (a SCIA's 30 days, the single interruption of art. 20 c. 5). */
    regime: z.enum(PROCEDURE_REGIMES).optional(),
    /** The clerk proposes the decision and the head of office adopts it. */
    adoption: z.boolean().optional(),
    /** A call (procedura concorsuale): the notice of art. 10-bis does not apply. */
    competitive: z.boolean().optional(),
    /** false: a professional may not file it for a client (src/submissions/access.ts); absent: they may. */
    filingForOthers: z.boolean().optional(),
    /** Calls and "click days": drafts begin from opensAt, filings are taken until closesAt, at most maxFilings (src/catalogue/intake.ts, enforced by src/submissions/intake.ts). */
    opensAt: z.string().datetime({ offset: true, message: 'a date and time with its offset, like 2026-03-02T09:00:00+01:00' }).optional(),
    closesAt: z.string().datetime({ offset: true, message: 'a date and time with its offset, like 2026-03-31T12:00:00+02:00' }).optional(),
    maxFilings: z.number().int().min(1).max(1_000_000).optional(),
    /** A call for grants: one application per person, a budget cap, the ranking and the reserve list (src/calls, docs/calls.md). */
    call: callSchema.optional(),
    /**
     * Filing without login (src/anonymous, docs/anonymous.md): a report, a suggestion or a
     * request for information, confirmed through an e-mail link. Only a `segnalazione` for
     * citizens, free of charge, at SPID level 1 or 2, with no opening window or cap.
     */
    anonymousFiling: z.boolean().optional(),
    /** Extra words people use to look for it (synonyms, common phrasing). */
    keywords: z
      .object({ it: z.array(z.string()).default([]), en: z.array(z.string()).default([]) })
      .strict()
      .default({ it: [], en: [] }),
    /** Shown first among the most used services on the home page. */
    featured: z.boolean().default(false),
    form: formSchema,
    /** Ordered rules that send a filing to another office than `office` (src/routing). */
    routing: routingSchema.optional(),
    /** How long filings, attachments and messages are kept after closing (src/privacy/retention-policy.ts); absent: the area's default. */
    retention: retentionSchema.optional(),
  })
  .strict()
  .superRefine((definition, ctx) => {
    if (definition.silenceConsent && (definition.kind ?? 'istanza') !== 'istanza') {
      ctx.addIssue({ code: 'custom', path: ['silenceConsent'], message: 'silence-consent (art. 20) applies only to an istanza' });
    }
    if ((definition.adoption || definition.competitive) && (definition.kind ?? 'istanza') !== 'istanza') {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'adoption and competitive apply only to an istanza' });
    }
    if (definition.anonymousFiling) {
      for (const problem of anonymousFilingProblems(definition)) ctx.addIssue({ code: 'custom', path: ['anonymousFiling'], message: problem });
    }
    if (definition.opensAt && definition.closesAt && Date.parse(definition.closesAt) <= Date.parse(definition.opensAt)) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'the closing time must come after the opening time' });
    }
    if (definition.call) {
      const fieldNames = new Set(definition.form.steps.flatMap((step) => step.fields.map((field) => field.name)));
      const computed = (definition.form.computed ?? []).map((c) => ({ name: c.name, format: c.format }));
      for (const problem of callProblems({ call: definition.call, maxFilings: definition.maxFilings, audience: definition.audience, computed, fieldNames })) ctx.addIssue({ code: 'custom', ...problem });
    }
    if (definition.durationDays > 90 && definition.legalReferences.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationDays'],
        message: 'a duration over 90 days must be justified by a legal reference besides Law 241/1990 (art. 2 c. 4)',
      });
    }
  });

export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;

/**
 * Why a procedure may not be filed without login: anything that needs to know who the person
 * is (a fee, a strong identity, a company, a professional filing for a client, a ranked call)
 * needs a login; an anonymous filing is a report to the office (kind `segnalazione`).
 */
export function anonymousFilingProblems(definition: Pick<ProcedureDefinition, 'kind' | 'fees' | 'cost' | 'spidLevel' | 'audience' | 'opensAt' | 'closesAt' | 'maxFilings'> & { call?: unknown }): string[] {
  const problems: string[] = [];
  if (definition.kind !== 'segnalazione') problems.push('filing without login is only for a segnalazione (a report, a suggestion, a request for information)');
  if (definition.fees || (definition.cost.amountCents ?? 0) > 0) problems.push('a procedure with fees or costs needs a login');
  if (definition.spidLevel > 2) problems.push('a procedure that asks for SPID level 3 needs a login');
  if (definition.audience === 'businesses') problems.push('a procedure for businesses needs a login');
  if (definition.opensAt || definition.closesAt || definition.maxFilings || definition.call) problems.push('a call with an opening window or a cap needs a login');
  return problems;
}

export const officeSchema = z
  .object({
    code: slug,
    name: localizedText,
    email: z.string().email(),
    phone: z.string().regex(/^\+?[0-9 ]{6,20}$/),
    address: z.string().min(5),
    openingHours: localizedText,
  })
  .strict();
export type OfficeDefinition = z.infer<typeof officeSchema>;
export const officesFileSchema = z.object({ offices: z.array(officeSchema).min(1) }).strict();
