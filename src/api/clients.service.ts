// API clients as the administrator manages them and as the token endpoint meets them: created
// with a name, scopes, offices and procedures (the secret shown once), changed, rotated (the
// old secret valid for the grace period, or revoked at once), disabled and enabled, each change
// in the administration's audit log in its own transaction. The token endpoint exchanges the
// client's id and secret for a short-lived opaque token (RFC 6749 section 4.4); a request to the
// API shows the token and gets back the client and scopes it was issued for.
import type { DB } from '../db/database.ts';
import { recordChange } from '../admin/audit.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import type { StaffActor } from '../backoffice/backoffice.service.ts';
import * as repo from './api.repository.ts';
import type { ApiClientRow, Scope } from './api.table.ts';
import { hashSecret, newAccessToken, newClientId, newClientSecret, secretMatches } from './credentials.ts';

export interface ClientValues {
  name: string;
  scopes: readonly Scope[];
  offices: readonly string[];
  procedureIds: readonly number[];
  rateLimitPerMinute: number;
}

/** Who calls the API: the client and the scopes of the token it shows. */
export interface ApiPrincipal {
  client: ApiClientRow;
  scopes: readonly Scope[];
}

/** The token endpoint's refusals (RFC 6749 section 5.2). */
export class TokenError extends Error {
  constructor(
    readonly code: 'invalid_client' | 'invalid_scope' | 'invalid_request' | 'unsupported_grant_type',
    readonly status: number,
  ) {
    super(code);
  }
}

/**
 * The back office's actor for a client: a clerk (never head of office) of the client's offices,
 * limited there to its procedures. Its case-log entries read `api:<client id>` as who acted.
 */
export function actorOf(client: ApiClientRow): StaffActor {
  const limits = client.procedure_ids.length > 0 ? Object.fromEntries(client.offices.map((o) => [o, client.procedure_ids])) : undefined;
  return { fiscalCode: `api:${client.client_id}`, name: `API ${client.name}`, offices: client.offices, headOf: [], ...(limits ? { procedureLimits: limits } : {}) };
}

export function createClientsService(db: DB, options: { clock: Clock; tokenTtlSeconds: number; secretGraceHours: number; defaultRateLimit: number }) {
  const { clock } = options;

  async function existing(id: number): Promise<ApiClientRow> {
    const client = await repo.findClient(db, id);
    if (!client) throw new NotFoundError('api client');
    return client;
  }

  return {
    defaultRateLimit: options.defaultRateLimit,
    secretGraceHours: options.secretGraceHours,
    list: () => repo.listClients(db),
    find: existing,
    liveTokens: (id: number) => repo.liveTokenCount(db, id, clock()),

    /** A new client; its secret is returned here and never again. */
    async create(admin: string, values: ClientValues): Promise<{ id: number; clientId: string; secret: string }> {
      const secret = newClientSecret();
      const clientId = newClientId(values.name);
      const id = await db.transaction().execute(async (trx) => {
        const created = await repo.insertClient(trx, { clientId, ...values, secretHash: hashSecret(secret), at: clock(), by: admin });
        await recordChange(trx, admin, 'api_client.create', 'api_client', clientId, { values: { name: values.name, scopes: values.scopes.join(' '), offices: values.offices.join(' '), procedures: values.procedureIds.join(' '), rateLimit: values.rateLimitPerMinute } });
        return created;
      });
      return { id, clientId, secret };
    },

    /**
     * New name, scopes, offices, procedures and rate limit. Offices, procedures and the limit are
     * read from the client on each API call; scopes are copied into tokens, so when one is taken
     * away the client's tokens are revoked (`tokensRevoked`) and it must ask for a new one.
     */
    async update(admin: string, id: number, values: ClientValues): Promise<{ tokensRevoked: boolean }> {
      const before = await existing(id);
      const tokensRevoked = before.scopes.some((s) => !values.scopes.includes(s));
      await db.transaction().execute(async (trx) => {
        await repo.updateClient(trx, id, values);
        if (tokensRevoked) await repo.deleteTokensOf(trx, id);
        await recordChange(trx, admin, 'api_client.update', 'api_client', before.client_id, {
          changes: { name: [before.name, values.name], scopes: [before.scopes.join(' '), values.scopes.join(' ')], offices: [before.offices.join(' '), values.offices.join(' ')], procedures: [before.procedure_ids.join(' '), values.procedureIds.join(' ')], rateLimit: [before.rate_limit_per_minute, values.rateLimitPerMinute] },
          tokensRevoked,
        });
      });
      return { tokensRevoked };
    },

    /** A new secret, shown once; the old one stays valid for the grace period unless `revokeNow`. */
    async rotate(admin: string, id: number, revokeNow: boolean): Promise<{ secret: string; previousUntil: Date | null }> {
      const client = await existing(id);
      const secret = newClientSecret();
      const now = clock();
      const previousUntil = revokeNow || options.secretGraceHours === 0 ? null : new Date(now.getTime() + options.secretGraceHours * 3_600_000);
      await db.transaction().execute(async (trx) => {
        await repo.rotateSecret(trx, id, hashSecret(secret), previousUntil, now);
        // revoked at once: the tokens the old secret got go too
        if (!previousUntil) await repo.deleteTokensOf(trx, id);
        await recordChange(trx, admin, 'api_client.rotate', 'api_client', client.client_id, { previousValidUntil: previousUntil?.toISOString() ?? 'revoked' });
      });
      return { secret, previousUntil };
    },

    /** Disabled: its tokens go, its webhooks stop; enabled again with the same secret. */
    async setDisabled(admin: string, id: number, disabled: boolean): Promise<void> {
      const client = await existing(id);
      await db.transaction().execute(async (trx) => {
        await repo.setDisabled(trx, id, disabled ? clock() : null);
        if (disabled) await repo.deleteTokensOf(trx, id);
        await recordChange(trx, admin, disabled ? 'api_client.disable' : 'api_client.enable', 'api_client', client.client_id);
      });
    },

    /** Client credentials for a token; `scope` (space separated) narrows the client's scopes. */
    async issueToken(clientId: string, secret: string, scope: string | undefined): Promise<{ token: string; expiresIn: number; scopes: Scope[] }> {
      const client = await repo.findClientByClientId(db, clientId);
      const now = clock();
      const previousValid = client?.previous_secret_expires_at && client.previous_secret_expires_at > now;
      const ok = client && !client.disabled_at && (secretMatches(secret, client.secret_hash) || (previousValid && secretMatches(secret, client.previous_secret_hash)));
      if (!client || !ok) throw new TokenError('invalid_client', 401);
      const asked = scope?.split(' ').filter(Boolean);
      if (asked && asked.some((s) => !client.scopes.includes(s as Scope))) throw new TokenError('invalid_scope', 400);
      const scopes = asked && asked.length > 0 ? (asked as Scope[]) : client.scopes;
      const token = newAccessToken();
      await repo.insertToken(db, { hash: hashSecret(token), clientId: client.id, scopes, at: now, expiresAt: new Date(now.getTime() + options.tokenTtlSeconds * 1000) });
      return { token, expiresIn: options.tokenTtlSeconds, scopes };
    },

    /** The client and scopes of a live bearer token, or undefined. */
    async principalOf(token: string): Promise<ApiPrincipal | undefined> {
      return repo.liveToken(db, hashSecret(token), clock());
    },

    /** Expired tokens go (the webhook job's tick). */
    pruneTokens: (): Promise<number> => repo.pruneTokens(db, clock()),
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;
