// A text every person sees, in Italian and English: the zod schema definitions use for labels,
// hints, options and the other words of a procedure.
import { z } from 'zod';

/** A text every person sees: Italian first, English complete. */
export const localizedText = z
  .object({
    it: z.string().trim().min(1, 'manca il testo italiano'),
    en: z.string().trim().min(1, 'missing English text'),
  })
  .strict();
export type LocalizedText = z.infer<typeof localizedText>;
