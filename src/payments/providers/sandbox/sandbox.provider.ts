// The portal's side of the payment sandbox: the PaymentProvider the payments service calls.
// It asks the sandbox what it knows and checks the signature of every notification.
import { z } from 'zod';
import { NotificationRefused, type PaymentProvider, type ProviderNotification } from '../provider.ts';
import { receiptSchema } from '../receipt-schema.ts';
import type { Clock } from '../../../platform/time.ts';
import { SIGNATURE_HEADER, verifySignature } from '../signature.ts';
import type { SandboxPsp } from './psp.ts';

const eventSchema = z
  .object({
    eventId: z.string().uuid(),
    status: z.enum(['pending', 'paid', 'failed']),
    noticeNumber: z.string().regex(/^[0-3][0-9]{17}$/),
    creditorFiscalCode: z.string().regex(/^[0-9]{11}$/),
    iuv: z.string(),
    sessionId: z.string().uuid(),
    occurredAt: z.string().datetime(),
    receipt: receiptSchema.optional(),
  })
  .strict()
  .refine((e) => e.status !== 'paid' || (e.receipt && e.receipt.outcome === 'OK'), 'a payment is proved by its receipt');

/** `clock` is the portal's, which a notification's signed time must be near. */
export function createSandboxProvider(psp: SandboxPsp, secret: string, clock: Clock): PaymentProvider {
  return {
    name: 'sandbox',
    publish: (position) => psp.register(position),
    startCheckout: (position, returnUrls) => psp.openSession(position, returnUrls),
    state: (position, attemptRef) => psp.state(position.iuv, attemptRef),
    verifyNotification(rawBody, headers): ProviderNotification {
      if (!verifySignature(secret, rawBody, headers[SIGNATURE_HEADER], clock().getTime())) throw new NotificationRefused('signature');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new NotificationRefused('malformed');
      }
      const parsed = eventSchema.safeParse(json);
      if (!parsed.success) throw new NotificationRefused('malformed');
      const event = parsed.data;
      return {
        eventId: event.eventId,
        noticeNumber: event.noticeNumber,
        creditorFiscalCode: event.creditorFiscalCode,
        attemptRef: event.sessionId,
        status: event.status,
        receipt: event.receipt,
        occurredAt: event.occurredAt,
        payload: json,
      };
    },
    close: () => psp.close(),
  };
}
