-- Login sessions kept on the server: the sealed cookie carries the session's id, and a session
-- whose row is revoked (logout, "log out everywhere", staff deactivation) is refused even when
-- its cookie is replayed. Each portal process keeps the revoked ids in memory and reads the
-- revocations newer than its last look every few seconds (src/identity/session-revocations.ts),
-- so no request pays a query for it. Expired rows are pruned by a job.
create table sessions (
  id text primary key,
  fiscal_code text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_person_idx on sessions (fiscal_code);
create index sessions_revoked_idx on sessions (revoked_at) where revoked_at is not null;
create index sessions_expires_idx on sessions (expires_at);
