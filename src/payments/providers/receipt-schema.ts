// The receipt as it travels in JSON (amounts in integer cents), checked before it is believed.
import { z } from 'zod';

const party = z.object({ fiscalCode: z.string().min(1).max(35), name: z.string().max(140).optional() }).passthrough();

export const receiptSchema = z
  .object({
    receiptId: z.string().min(1).max(64),
    noticeNumber: z.string().regex(/^[0-3][0-9]{17}$/),
    fiscalCode: z.string().regex(/^[0-9]{11}$/),
    outcome: z.enum(['OK', 'KO']),
    creditorReferenceId: z.string().regex(/^[0-9]{15,17}$/),
    paymentAmountCents: z.number().int().positive(),
    debtor: party.optional(),
    payer: party.optional(),
    idPSP: z.string().max(35).optional(),
    pspCompanyName: z.string().max(140).optional(),
    paymentMethod: z.string().max(35).optional(),
    feeCents: z.number().int().nonnegative().optional(),
    paymentDateTime: z.string().datetime({ offset: true, local: true }),
  })
  .passthrough();
