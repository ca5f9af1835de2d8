// Filing without login: the lifecycle of a pending filing, pending -> confirmed (filed) or
// pending -> expired. A person with no identity fills in a report under a random code; at
// "Invia" they give an address and answer the challenge, and the filing is held with a
// confirmation token mailed to them (only its hash kept). Opening the link and pressing the
// button files the draft through the ordinary intake (the same submit, protocol, routing and
// back office as any filing), once however often it is pressed; the person gets the protocol
// number and a secret tracking link. Unconfirmed filings expire and are never filed.
import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { enqueueNotification, rememberContact } from '../notifications/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import type { SubmissionsService } from '../submissions/submissions.service.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import { anonymousApplicant } from './anonymous-applicant.ts';
import * as repo from './anonymous.repository.ts';
import { trackingPath } from './anonymous.paths.ts';
import { hashToken, LINK_TOKEN, newAnonymousCode, newLinkToken, tokenMatches } from './tokens.ts';
import { createAnonymousIntake } from './anonymous-intake.ts';

export { AnonymousInputError, AnonymousLimitError, type SendInput } from './anonymous-intake.ts';

export type ConfirmOutcome = { kind: 'filed'; trackingToken: string } | { kind: 'already'; protocol: string | null };

export function createAnonymousService(db: DB, options: { config: Pick<Config, 'anonymous' | 'sessionKey'>; clock: Clock; submissions: SubmissionsService }) {
  const { clock, submissions } = options;
  const settings = options.config.anonymous;
  // the challenges' HMAC key, derived from the session key so no other secret needs configuring
  const challengeKey = createHash('sha256').update('sportello/anonymous-challenge/').update(options.config.sessionKey).digest();

  /** The filing's protocol number (null until the registry gives it) and its procedure's title. */
  async function filingFacts(code: string, publicId: string): Promise<{ protocol: string | null; title: { it: string; en: string } }> {
    const { protocol, procedure } = await submissions.ownSubmission(anonymousApplicant(code), publicId);
    return { protocol: protocol ? `${protocolNumberText(protocol.number)}/${protocol.year}` : null, title: { it: procedure.title_it, en: procedure.title_en } };
  }

  /** The row a confirmation token names, when it is still pending or already confirmed; undefined otherwise. */
  async function byConfirmToken(token: string) {
    if (!LINK_TOKEN.test(token)) return undefined;
    const row = await repo.findByConfirmHash(db, hashToken(token));
    if (!row || !tokenMatches(token, row.confirm_token_hash)) return undefined;
    if (row.status === 'expired' || (row.status === 'pending' && row.expires_at <= clock())) return undefined;
    return row;
  }

  return {
    settings,

    /** A new anonymous applicant's code, for the session. */
    newCode: newAnonymousCode,

    ...createAnonymousIntake(db, { settings, clock, submissions, challengeKey }),

    /** What the confirmation page shows (GET: it changes nothing, mail scanners open links), or undefined for a bad or expired link. */
    async confirmation(token: string): Promise<{ slug: string; confirmed: boolean; protocol: string | null } | undefined> {
      const row = await byConfirmToken(token);
      if (!row) return undefined;
      const protocol = row.submission_public_id ? (await filingFacts(row.owner_code, row.submission_public_id)).protocol : null;
      return { slug: row.procedure_slug, confirmed: row.status === 'confirmed', protocol };
    },

    /**
     * Files the pending filing (POST from the confirmation page). The same intake as any filing,
     * keyed by the draft's idempotency key: a second press, or two at once, file once; only the
     * press that moves the row to confirmed gets the tracking link (the other is told it was sent).
     */
    async confirm(token: string): Promise<ConfirmOutcome> {
      const row = await byConfirmToken(token);
      if (!row) throw new NotFoundError('anonymous filing');
      if (row.status === 'confirmed') return { kind: 'already', protocol: row.submission_public_id ? (await filingFacts(row.owner_code, row.submission_public_id)).protocol : null };
      const email = row.email!;
      const applicant = anonymousApplicant(row.owner_code, email);
      // the confirmed address receives what the office sends about the case (notifications)
      await rememberContact(db, row.owner_code, email);
      const filed = await submissions.submit(applicant, row.procedure_slug, row.idempotency_key, row.locale);
      if (!filed.ok) throw new Error(`anonymous draft no longer complete (step ${filed.stepId})`);
      const { protocol, title } = await filingFacts(row.owner_code, filed.publicId);
      const trackingToken = newLinkToken();
      const confirmed = await db.transaction().execute(async (trx) => {
        const updated = await repo.markConfirmed(trx, row.id, hashToken(trackingToken), filed.publicId, clock());
        if (!updated) return false;
        await enqueueNotification(trx, {
          kind: 'anonymous.filed',
          recipientFiscalCode: row.owner_code,
          locale: row.locale,
          data: { email, procedureTitle: title, ...(protocol ? { protocolNumber: protocol } : {}), link: trackingPath(trackingToken) },
          dedupeKey: `anonymous:filed:${row.id}`,
        });
        return true;
      });
      return confirmed ? { kind: 'filed', trackingToken } : { kind: 'already', protocol };
    },

    /** The filing a tracking token names (the code and public id to read it with), or undefined: a wrong token is a 404. */
    async tracked(token: string): Promise<{ code: string; publicId: string } | undefined> {
      if (!LINK_TOKEN.test(token)) return undefined;
      const row = await repo.findByTrackingHash(db, hashToken(token));
      if (!row || !row.tracking_token_hash || !row.submission_public_id || !tokenMatches(token, row.tracking_token_hash)) return undefined;
      return { code: row.owner_code, publicId: row.submission_public_id };
    },

    /** The job: pending filings past their link's life expire (address wiped, draft deleted); spent challenges are pruned. */
    async expirePending(): Promise<number> {
      const now = clock();
      const expired = await repo.expirePending(db, now);
      for (const { owner_code, procedure_slug } of expired) {
        const applicant = anonymousApplicant(owner_code);
        const context = await submissions.loadDraft(applicant, procedure_slug).catch(() => undefined);
        if (context) await submissions.deleteDraft(applicant, context.draft.id);
      }
      await repo.pruneChallenges(db, now);
      return expired.length;
    },
  };
}

export type AnonymousService = ReturnType<typeof createAnonymousService>;
