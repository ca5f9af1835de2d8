// Legal holds: a case under litigation, an inquiry or an access request is kept whole, whatever
// its retention says; the retention job skips it. The head of the case's office (from the back
// office) or an administrator places a hold, with a reason, and removes it; each is an event of
// the case's log, and an administrator's also an entry of the administrators' audit.
import { recordChange } from '../admin/audit.ts';
import { caseRetention, type StaffActor } from '../backoffice/backoffice.service.ts';
import type { DB } from '../db/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import { PrivacyRefusal } from './privacy-refusal.ts';
import * as repo from './privacy.repository.ts';
import type { LegalHoldRow } from './privacy.table.ts';

/** Who acts on holds: a member of staff (from the back office) or an administrator. */
export type HoldActor = { kind: 'staff'; staff: StaffActor } | { kind: 'admin'; fiscalCode: string; name: string };

function who(actor: HoldActor): { fiscalCode: string; name: string } {
  return actor.kind === 'admin' ? { fiscalCode: actor.fiscalCode, name: actor.name } : { fiscalCode: actor.staff.fiscalCode, name: actor.staff.name };
}

export function createHoldsService(db: DB, deps: { clock: Clock }) {
  /** The case, when the actor may hold it: an administrator any case; staff one of their office's, as its head. */
  async function caseOf(actor: HoldActor, publicId: string) {
    const found = await caseRetention.caseForHold({ db }, actor.kind === 'admin' ? 'admin' : actor.staff, publicId);
    if (actor.kind === 'staff' && !actor.staff.headOf.includes(found.officeCode)) throw new NotFoundError('case');
    return found;
  }

  /** Whether this member of staff may place and remove holds on the case (the page shows the form). */
  async function mayHold(staff: StaffActor, publicId: string): Promise<boolean> {
    try {
      await caseOf({ kind: 'staff', staff }, publicId);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  return {
    mayHold,

    holdOf: (submissionId: number): Promise<LegalHoldRow | undefined> => repo.findHold(db, submissionId),

    /** What the case page shows: the hold (or none) and whether this clerk may change it. */
    async caseBox(staff: StaffActor, publicId: string, submissionId: number): Promise<{ hold: LegalHoldRow | null; mayChange: boolean }> {
      const [hold, mayChange] = await Promise.all([repo.findHold(db, submissionId), mayHold(staff, publicId)]);
      return { hold: hold ?? null, mayChange };
    },

    list: () => repo.listHolds(db),

    async place(actor: HoldActor, publicId: string, reason: string): Promise<void> {
      const { submissionId } = await caseOf(actor, publicId);
      const by = who(actor);
      const at = deps.clock();
      await db.transaction().execute(async (trx) => {
        const placed = await repo.insertHold(trx, { submission_id: submissionId, public_id: publicId, reason, placed_by: by.fiscalCode, placed_by_name: by.name, placed_at: at });
        if (!placed) throw new PrivacyRefusal('reason', 'privacy.hold.error.already');
        await caseRetention.logLegalHold(trx, submissionId, { at, ...by, placed: true, reason });
        if (actor.kind === 'admin') await recordChange(trx, by.fiscalCode, 'retention.hold.place', 'retention', publicId, { reason });
      });
    },

    async remove(actor: HoldActor, publicId: string, reason: string): Promise<void> {
      const { submissionId } = await caseOf(actor, publicId);
      const by = who(actor);
      const at = deps.clock();
      await db.transaction().execute(async (trx) => {
        const removed = await repo.deleteHold(trx, submissionId);
        if (!removed) throw new PrivacyRefusal('reason', 'privacy.hold.error.none');
        await caseRetention.logLegalHold(trx, submissionId, { at, ...by, placed: false, reason });
        if (actor.kind === 'admin') await recordChange(trx, by.fiscalCode, 'retention.hold.remove', 'retention', publicId, { reason });
      });
    },
  };
}

export type HoldsService = ReturnType<typeof createHoldsService>;
