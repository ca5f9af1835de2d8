-- The delegation register (acting for others): a person (delegator) lets another (delegate) act
-- for them on some procedures, read-only or fully, between two dates. Granted online by the
-- delegator and accepted by the delegate, or registered by a clerk from a signed paper form
-- (then active at once, with the identity document and the two scanned files). Whether a
-- delegation is in effect is decided at each request by the clock (dates, Rome calendar):
-- the stored status says only what people did (and 'expired' for an open one that lapsed and
-- was replaced). delegation_events records what happened to each one, acts done under it
-- included.

create table delegations (
  id uuid primary key,
  delegator_fiscal_code text not null,
  -- src/representation/acting.ts PartySnapshot, at the time
  delegator jsonb not null,
  delegate_fiscal_code text not null,
  delegate jsonb not null,
  -- src/representation/acting.ts Scope; scope_key is its canonical text ('all', 'areas:a,b',
  -- 'procedures:x,y'), so that two identical scopes compare equal
  scope jsonb not null,
  scope_key text not null,
  access text not null check (access in ('read', 'full')),
  valid_from date not null,
  valid_to date,
  status text not null check (status in ('pending', 'active', 'refused', 'revoked', 'expired')),
  origin text not null check (origin in ('online', 'paper')),
  created_at timestamptz not null,
  accepted_at timestamptz,
  refused_at timestamptz,
  revoked_at timestamptz,
  -- the fiscal code of who revoked it: one of the parties, or the clerk at the desk
  revoked_by text,
  -- paper only: the clerk who registered it, the delegator's identity document
  -- (IdentityDocument), the storage keys of the signed form and of the document's copy, and
  -- what was received of each file (name, type, size, sha256)
  clerk_fiscal_code text,
  identity_document jsonb,
  form_file_key text,
  document_file_key text,
  paper_files jsonb,
  check (delegator_fiscal_code <> delegate_fiscal_code),
  check (valid_to is null or valid_to >= valid_from),
  check (origin = 'online' or (clerk_fiscal_code is not null and identity_document is not null and form_file_key is not null and document_file_key is not null))
);

-- at most one open (pending or active) delegation per pair and identical scope
create unique index delegations_one_open_per_pair_and_scope on delegations (delegator_fiscal_code, delegate_fiscal_code, scope_key)
  where status in ('pending', 'active');
create index delegations_delegate_idx on delegations (delegate_fiscal_code, status);
create index delegations_delegator_idx on delegations (delegator_fiscal_code, status);
create index delegations_paper_idx on delegations (created_at desc) where origin = 'paper';

create table delegation_events (
  id bigint generated always as identity primary key,
  delegation_id uuid not null references delegations (id),
  kind text not null check (kind in ('granted', 'registered', 'accepted', 'refused', 'revoked', 'expired', 'act')),
  -- who did it: a party, the clerk, or '' for the register itself (a lapsed delegation)
  actor_fiscal_code text not null,
  actor_role text not null check (actor_role in ('delegator', 'delegate', 'clerk', 'system')),
  -- an act under the delegation: what was done (e.g. 'filed') and on which filing
  act text,
  submission_public_id text,
  at timestamptz not null
);
create index delegation_events_delegation_idx on delegation_events (delegation_id, id);
