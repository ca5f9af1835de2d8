// What acting for others adds to the filing transaction: a filing made under a delegation (by a
// delegate, or by a professional the client delegated) is recorded in that delegation's
// history with the filing's public id, in the same transaction, so the record and the filing
// cannot part.
import type { FiledHook } from '../submissions/submissions.service.ts';
import type { Basis } from './acting.ts';

interface ActRecorder {
  recordAct(delegationId: string, act: { kind: string; submissionPublicId?: string; at: Date }, db?: Parameters<FiledHook>[0]): Promise<void>;
}

function delegationOf(basis: Basis): string | undefined {
  if (basis.kind === 'delegate') return basis.delegationId;
  if (basis.kind === 'professional') return basis.delegationId;
  return undefined;
}

export function recordActsUnderDelegation(register: ActRecorder): FiledHook {
  return async (trx, filings) => {
    for (const filing of filings) {
      const delegationId = delegationOf(filing.applicant.filer.acting.basis);
      if (delegationId) await register.recordAct(delegationId, { kind: 'filed', submissionPublicId: filing.publicId, at: filing.receivedAt }, trx);
    }
  };
}
