// The first half of filing without login: the challenge the e-mail page carries, and "Invia",
// which checks the address and the answer to the challenge (spent once), applies the abuse
// limits per address and per network, and holds the complete draft pending with a
// confirmation token mailed to the address (only its hash stored), in one transaction.
import type { DB } from '../db/database.ts';
import { enqueueNotification } from '../notifications/index.ts';
import { emailSchema } from '../notifications/contacts.service.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import type { SubmissionsService } from '../submissions/submissions.service.ts';
import type { AnonymousConfig } from './anonymous.config.ts';
import { anonymousApplicant } from './anonymous-applicant.ts';
import * as repo from './anonymous.repository.ts';
import { confirmPath } from './anonymous.paths.ts';
import { issueChallenge, verifyProof } from './proof-of-work.ts';
import { emailKey, hashToken, newLinkToken } from './tokens.ts';

const HOUR_MS = 3_600_000;

/** Bad input on the e-mail page: which field, shown in the person's language. */
export class AnonymousInputError extends DomainError {
  override readonly statusCode = 422;
  constructor(readonly field: 'email' | 'proof') {
    super(`anonymous filing: bad ${field}`);
  }
}

/** An address or a network past its limit of filings without login. */
export class AnonymousLimitError extends DomainError {
  override readonly statusCode = 429;
  constructor(readonly which: 'address' | 'network') {
    super(`anonymous filing limit reached (${which})`);
  }
}

export interface SendInput {
  code: string;
  slug: string;
  email: string;
  /** the client's network key (network.ts) */
  network: string;
  challenge: string;
  nonce?: string | undefined;
  answer?: string | undefined;
  locale: Locale;
}

interface IntakeDeps {
  settings: AnonymousConfig;
  clock: Clock;
  submissions: SubmissionsService;
  /** the challenges' HMAC key */
  challengeKey: Buffer;
}

export function createAnonymousIntake(db: DB, deps: IntakeDeps) {
  const { settings, clock, submissions, challengeKey } = deps;

  /** Refuses an address or a network past its limits (pending and confirmed filings of the last hour and day). */
  async function checkLimits(keys: { emailKey: string; networkKey: string }, method: 'pow' | 'question', now: Date): Promise<void> {
    const [hour, day] = await Promise.all([repo.countRecent(db, keys, new Date(now.getTime() - HOUR_MS)), repo.countRecent(db, keys, new Date(now.getTime() - 24 * HOUR_MS))]);
    // the text question is easier for a script than the proof of work: half the network's room
    const share = method === 'question' ? 0.5 : 1;
    if (hour.email >= settings.perAddressHour || day.email >= settings.perAddressDay) throw new AnonymousLimitError('address');
    if (hour.network >= Math.max(1, Math.floor(settings.perNetworkHour * share)) || day.network >= Math.max(1, Math.floor(settings.perNetworkDay * share))) throw new AnonymousLimitError('network');
  }

  return {
    /** A challenge for the e-mail page: the signed token and the sum asked without JavaScript. */
    challenge() {
      const { token, claims } = issueChallenge(challengeKey, clock(), { bits: settings.powBits, ttlMs: settings.challengeMinutes * 60_000 });
      return { token, bits: claims.bits, question: { a: claims.question[0], b: claims.question[1] } };
    },

    /**
     * Holds the complete draft for confirmation and mails the link. The answer to the challenge
     * is spent even when the limits then refuse. Returns where to send the person back to when
     * the draft is not complete yet.
     */
    async requestConfirmation(input: SendInput): Promise<{ ok: true } | { redirect: string }> {
      const email = emailSchema.safeParse(input.email);
      if (!email.success) throw new AnonymousInputError('email');
      const now = clock();
      const proof = verifyProof(challengeKey, input.challenge, { nonce: input.nonce, answer: input.answer }, now);
      if (!proof.ok) throw new AnonymousInputError('proof');
      const applicant = anonymousApplicant(input.code);
      const context = await submissions.loadDraft(applicant, input.slug);
      if (!context) throw new NotFoundError('draft');
      const summary = submissions.journey.summary(context, input.locale);
      if ('redirect' in summary) return { redirect: summary.redirect };
      if (!(await repo.spendChallenge(db, proof.claims.id, new Date(proof.claims.expiresAt)))) throw new AnonymousInputError('proof');

      const keys = { emailKey: emailKey(email.data), networkKey: input.network };
      await checkLimits(keys, proof.method, now);

      const token = newLinkToken();
      const expiresAt = new Date(now.getTime() + settings.confirmHours * HOUR_MS);
      const tokenHash = hashToken(token);
      await db.transaction().execute(async (trx) => {
        await repo.insertPending(trx, {
          procedureSlug: input.slug,
          ownerCode: input.code,
          idempotencyKey: context.draft.idempotency_key,
          email: email.data,
          emailKey: keys.emailKey,
          networkKey: keys.networkKey,
          proof: proof.method,
          locale: input.locale,
          confirmTokenHash: tokenHash,
          createdAt: now,
          expiresAt,
        });
        await enqueueNotification(trx, {
          kind: 'anonymous.confirm',
          recipientFiscalCode: input.code,
          locale: input.locale,
          data: { email: email.data, procedureTitle: context.definition.title, link: confirmPath(token), expiresAt: expiresAt.toISOString() },
          dedupeKey: `anonymous:confirm:${tokenHash.slice(0, 40)}`,
        });
      });
      return { ok: true };
    },

  };
}
