// The lifecycles of a position and of an attempt to pay it, as transition tables. Statuses only
// move forward: a late, repeated or out-of-order message can never undo what is known. Paid
// is final; a receipt that arrives after a position expired or was cancelled still counts
// (the money was taken), so those may still become paid.
import type { AttemptStatus, PositionStatus } from './payments.table.ts';

const POSITION_TRANSITIONS: Record<PositionStatus, readonly PositionStatus[]> = {
  pending: ['paid', 'expired', 'cancelled'],
  expired: ['paid'],
  cancelled: ['paid'],
  paid: [],
};

const ATTEMPT_TRANSITIONS: Record<AttemptStatus, readonly AttemptStatus[]> = {
  pending: ['paid', 'failed', 'expired'],
  failed: ['paid'],
  expired: ['paid'],
  paid: [],
};

export function canMovePosition(from: PositionStatus, to: PositionStatus): boolean {
  return POSITION_TRANSITIONS[from].includes(to);
}

export function canMoveAttempt(from: AttemptStatus, to: AttemptStatus): boolean {
  return ATTEMPT_TRANSITIONS[from].includes(to);
}
