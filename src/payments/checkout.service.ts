// Paying a position and its documents: the person's "Paga online" (the provider's payment page
// and the way back, which proves nothing until the provider is asked), the notice to pay
// anywhere and the receipt, for the person who may see the position and for the office (the
// back office has checked that the filing is one of its own).
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import type { PaymentViewer } from './payments.access.ts';
import * as repo from './payments.repository.ts';
import type { AttemptStatus, PositionRow } from './payments.table.ts';
import { positionView, type PositionsService, type PositionView } from './positions.service.ts';
import { ProviderError, type PaymentProvider } from './providers/provider.ts';
import { PaymentUnavailableError, type RegistrationService } from './registration.service.ts';
import { attemptExpired, type AmountMismatch, type SettlementService } from './settlement.service.ts';

/** Checked soon after the person starts paying: they are paying now. */
const CHECK_AFTER_CHECKOUT_S = 60;

export function createCheckoutService(
  db: DB,
  options: { config: Config; provider: PaymentProvider; positions: PositionsService; registration: RegistrationService; settlement: SettlementService; clock: Clock },
) {
  const { config, provider, positions, registration, settlement, clock } = options;
  const view = (row: PositionRow) => positionView(row, config.comune.name);

  return {
    /** A position the viewer may see (as debtor, as the applicant, or for their company). */
    async get(id: number, viewer: PaymentViewer): Promise<PositionView> {
      return view(await positions.visible(id, viewer));
    },

    /**
     * "Paga online": registers the position if needed, opens the provider's payment page and
     * returns where to send the person.
     */
    async startPayment(id: number, viewer: PaymentViewer): Promise<string> {
      const row = await positions.visible(id, viewer);
      if (row.status !== 'pending') throw new ConflictError(`payment ${id} is ${row.status}`);
      await registration.ensurePublished(row);
      const back = (outcome: string) => `${config.baseUrl}/pagamenti/${row.id}/esito?esito=${outcome}`;
      let session;
      try {
        session = await provider.startCheckout(registration.toProvider(row), { ok: back('ok'), cancel: back('annullato'), error: back('errore') });
      } catch (error) {
        if (error instanceof ProviderError) throw new PaymentUnavailableError(error.message);
        throw error;
      }
      await repo.insertAttempt(db, { position_id: row.id, provider: provider.name, provider_ref: session.reference, redirect_url: session.redirectUrl });
      await repo.updatePosition(db, row.id, { checks: 0, next_check_at: registration.inSeconds(CHECK_AFTER_CHECKOUT_S) }, clock());
      return session.redirectUrl;
    },

    /** Where the person's latest open visit to the provider's page goes, if still open. */
    async openCheckoutUrl(id: number, viewer: PaymentViewer): Promise<string | null> {
      const row = await positions.visible(id, viewer);
      const attempt = await repo.latestAttempt(db, row.id);
      if (row.status !== 'pending' || attempt?.status !== 'pending' || attemptExpired(attempt, clock())) return null;
      return attempt.redirect_url;
    },

    /**
     * The person is back from the provider's page. The return proves nothing: the provider is
     * asked. Returns the position and the state of the latest attempt.
     */
    async afterReturn(id: number, viewer: PaymentViewer): Promise<{ position: PositionView; attempt: AttemptStatus | null; checked: boolean; mismatch: AmountMismatch | null }> {
      const row = await positions.visible(id, viewer);
      let checked = true;
      let mismatch: AmountMismatch | null = null;
      try {
        ({ mismatch } = await settlement.refresh(row, 'return'));
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        checked = false;
      }
      const [fresh, attempt] = await Promise.all([repo.findPosition(db, id), repo.latestAttempt(db, id)]);
      return { position: view(fresh!), attempt: attempt?.status ?? null, checked, mismatch };
    },

    /** The notice PDF needs the position registered, or it could not be paid with it. */
    async forNotice(id: number, viewer: PaymentViewer): Promise<PositionView> {
      const row = await positions.visible(id, viewer);
      if (row.status !== 'pending') throw new NotFoundError(`no notice for payment ${id} (${row.status})`);
      await registration.ensurePublished(row);
      return view(row);
    },

    async forReceipt(id: number, viewer: PaymentViewer): Promise<PositionView> {
      const row = await positions.visible(id, viewer);
      if (row.status !== 'paid') throw new NotFoundError(`payment ${id} is not paid`);
      return view(row);
    },

    /**
     * A pending position's notice for a clerk (the back office has checked that the filing is
     * one of their office's): registered with the provider first, as for the person.
     */
    async noticeForOffice(id: number): Promise<PositionView> {
      const row = await repo.findPosition(db, id);
      if (!row || row.status !== 'pending') throw new NotFoundError(`no notice for payment ${id}`);
      await registration.ensurePublished(row);
      return view(row);
    },
  };
}
