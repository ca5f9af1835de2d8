// The input schemas of the documents pages, one per POST.
import { z } from 'zod';
import { PURPOSES } from './purposes.ts';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** An administrator's template: title and body. */
export const templateInput = z.object({ titolo: text(3, 200), testo: text(1, 20_000) });

export const restoreInput = z.object({ versione: z.coerce.number().int().positive().max(1_000_000) });

export const purposeInput = z.enum(PURPOSES.map((p) => p.key) as [string, ...string[]]);

/** The clerk's first step: which document, with what text. */
export const composeInput = z.object({ modello: purposeInput, motivo: text(10, 5000), giorni: z.coerce.number().int().min(1).max(30).catch(30).default(30) });

/** The document as the clerk edited it, previewed or sent. */
export const documentInput = composeInput.extend({
  titolo: text(3, 200),
  corpo: text(1, 20_000),
  versione: z.coerce.number().int().positive().optional().catch(undefined),
  // the form's send token (digits); a missing or altered one: a new one, no dedupe for that send
  invio: z.string().regex(/^[1-9][0-9]{14}$/).optional().catch(undefined),
});

export const documentParams = z.object({ publicId: z.string(), id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const templateParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), purpose: z.string().max(60), locale: z.string().max(2) });
