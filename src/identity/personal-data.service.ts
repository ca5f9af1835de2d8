// What the identity domain holds about a person, for their data export (GDPR art. 15 and 20,
// src/personal-data): the login sessions the portal recorded (their identity data itself comes
// from the identity provider at each login and lives in the session cookie only).
import type { DB } from '../db/database.ts';
import { sessionsOf } from './identity.repository.ts';

export function createIdentityPersonalData(db: DB) {
  return {
    async sessionsOf(fiscalCode: string) {
      return (await sessionsOf(db, fiscalCode)).map((s) => ({ startedAt: s.created_at, expiresAt: s.expires_at, endedAt: s.revoked_at }));
    },
  };
}
