// How to reach a person: the e-mail address and the App IO switch, keyed by fiscal code.
// Identity calls rememberContact at each login with the e-mail the identity provider gave; the
// person may choose another address, which counts only once they open the link sent to it.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Locale } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './notifications.repository.ts';
import { enqueueNotification } from './outbox.service.ts';

export const CONFIRMATION_TTL_MS = 24 * 3600 * 1000;
export const CONFIRM_EMAIL_PATH = '/area-personale/preferenze/conferma-email';

export const emailSchema = z.string().trim().toLowerCase().max(254).email();

function normalizeFiscalCode(value: string): string {
  return value.trim().toUpperCase();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Called by identity at login (in its own transaction or not) with the identity's e-mail, if
 * any. An address the person chose and confirmed is never overwritten by login.
 */
export async function rememberContact(db: Kysely<Database>, fiscalCode: string, email: string | null | undefined): Promise<void> {
  const parsed = email ? emailSchema.safeParse(email) : undefined;
  await repo.upsertIdentityEmail(db, normalizeFiscalCode(fiscalCode), parsed?.success ? parsed.data : null);
}

export interface Preferences {
  email: string | null;
  emailConfirmed: boolean;
  pendingEmail: string | null;
  ioEnabled: boolean;
}

export function createContactsService(db: DB, clock: Clock) {
  return {
    async preferences(fiscalCode: string): Promise<Preferences> {
      const row = await repo.getContact(db, normalizeFiscalCode(fiscalCode));
      const pendingValid = row?.pending_email && row.pending_expires_at && row.pending_expires_at > clock();
      return {
        email: row?.email ?? null,
        emailConfirmed: Boolean(row?.email && row.email_confirmed_at),
        pendingEmail: pendingValid ? row.pending_email : null,
        ioEnabled: row?.io_enabled ?? true,
      };
    },

    /** Keeps the new address aside and mails it a confirmation link, in one transaction. */
    async requestEmailChange(fiscalCode: string, email: string, locale: Locale): Promise<void> {
      const fc = normalizeFiscalCode(fiscalCode);
      const address = emailSchema.parse(email);
      const token = randomBytes(32).toString('base64url');
      const tokenHash = hashToken(token);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await repo.setPendingEmail(trx, fc, { email: address, tokenHash, expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS) }, now);
        await enqueueNotification(trx, {
          kind: 'contact.confirm-email',
          recipientFiscalCode: fc,
          locale,
          data: { email: address, link: `${CONFIRM_EMAIL_PATH}?token=${token}` },
          dedupeKey: `contact:${fc}:confirm-email:${tokenHash.slice(0, 32)}`,
        });
      });
    },

    /** The address a valid token would confirm (to show before confirming). */
    async pendingEmailFor(fiscalCode: string, token: string): Promise<string | undefined> {
      return repo.findPendingEmail(db, normalizeFiscalCode(fiscalCode), hashToken(token), clock());
    },

    async confirmEmail(fiscalCode: string, token: string): Promise<string | undefined> {
      return repo.confirmPendingEmail(db, normalizeFiscalCode(fiscalCode), hashToken(token), clock());
    },

    async setIoEnabled(fiscalCode: string, enabled: boolean): Promise<void> {
      await repo.setIoEnabled(db, normalizeFiscalCode(fiscalCode), enabled, clock());
    },
  };
}
