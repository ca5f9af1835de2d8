// The login sessions kept on the server, as one portal process sees them: a session has a row
// (migrations/0014_sessions.sql) and its random id travels in the sealed cookie; a revoked
// session is refused even when its cookie is replayed. The check is made on every request, so
// it reads memory only: this process's revocations are remembered at once, the other replicas'
// are read by `poll()`, one query per interval whatever the load (the plugin schedules it every
// SESSION_REVOCATION_POLL_SECONDS). An id is forgotten when its session expires.
import { replicaLoop } from '../platform/jobs.ts';
import { randomBytes } from 'node:crypto';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './identity.repository.ts';
import type { RevokedSession } from './identity.repository.ts';

/**
 * A revocation committed late (a slow transaction) or stamped by a replica whose clock is a
 * little behind has a revoked_at before the last poll: each poll looks back this far again.
 */
export const POLL_OVERLAP_MS = 60_000;

export function createSessionRevocations(db: DB, clock: Clock, maxHours: number) {
  // revoked id -> when its session expires (ms): past that, the cookie is refused anyway
  const revoked = new Map<string, number>();
  let cursor: Date | null = null;

  function remember(rows: RevokedSession[]): void {
    for (const row of rows) revoked.set(row.id, row.expiresAt.getTime());
  }

  function forgetExpired(now: number): void {
    for (const [id, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(id);
  }

  return {
    /** A new session for a person who has just logged in; returns its id (for the cookie). */
    async start(fiscalCode: string, now: Date): Promise<string> {
      const id = randomBytes(24).toString('base64url');
      await repo.insertSession(db, { id, fiscalCode, createdAt: now, expiresAt: new Date(now.getTime() + maxHours * 3_600_000) });
      return id;
    },

    /** Memory only: no query on the request path. */
    isRevoked(id: string): boolean {
      return revoked.has(id);
    },

    /** A revocation learnt otherwise (a staff request reads its session's row anyway). */
    remember(id: string): void {
      revoked.set(id, clock().getTime() + maxHours * 3_600_000);
    },

    /** Ends one session (logout). */
    async revoke(id: string): Promise<void> {
      remember(await repo.revokeSession(db, id, clock()));
    },

    /** Ends every session of a person ("log out everywhere"); returns how many were open. */
    async revokePerson(fiscalCode: string): Promise<number> {
      const rows = await repo.revokePersonSessions(db, fiscalCode, clock());
      remember(rows);
      return rows.length;
    },

    /**
     * Reads the revocations made since the last poll (all those of unexpired sessions at the
     * first); returns how many ids it learnt of.
     */
    async poll(): Promise<number> {
      const now = clock();
      const rows = await repo.revokedSince(db, cursor, now);
      forgetExpired(now.getTime());
      const learnt = rows.filter((row) => !revoked.has(row.id)).length;
      remember(rows);
      const latest = rows.reduce((max, row) => Math.max(max, row.revokedAt.getTime()), now.getTime());
      cursor = new Date(latest - POLL_OVERLAP_MS);
      return learnt;
    },

    /** Deletes the rows of sessions expired for a day (nobody can present them any more). */
    async prune(): Promise<number> {
      return repo.deleteExpiredSessions(db, new Date(clock().getTime() - 86_400_000));
    },
  };
}

export type SessionRevocations = ReturnType<typeof createSessionRevocations>;

/**
 * Polls the revocations every `intervalMs` in this process (every replica runs one: each must
 * learn of the others' revocations), one query per interval, a run never overlapping the next.
 */
export function revocationPoller(poll: () => Promise<number>, intervalMs: number, log: { warn(obj: object, msg: string): void }) {
  return replicaLoop(poll, intervalMs, log, 'sessions: revocation poll failed');
}
