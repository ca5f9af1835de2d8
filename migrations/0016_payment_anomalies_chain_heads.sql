-- Late and mismatched payments, and a recorded head for every audit hash chain.
--
-- A payment that arrives after its notice expired is taken (the money reached the comune): the
-- position becomes paid and says it was paid after expiry. A payment whose amount differs from
-- the amount due does not make the position paid: it stays as it was, flagged as an amount
-- mismatch with what was received, for the office to resolve.
alter table payment_positions add column paid_after_expiry boolean not null default false;
alter table payment_positions add column anomaly text check (anomaly in ('amount_mismatch'));
alter table payment_positions add column anomaly_amount_cents bigint;
alter table payment_positions add column anomaly_at timestamptz;
create index payment_positions_anomaly_idx on payment_positions (id) where anomaly is not null;

-- The head of each hash chain (staff reads, administrators' changes, payment status changes):
-- how many entries it has and the hash of the last, moved in the transaction that appends.
-- A deleted newest entry, or an emptied table, no longer matches its head. Appends lock the
-- head row, so two at once cannot fork a chain.
create table audit_chain_heads (
  chain text primary key check (chain in ('audit_log', 'admin_audit', 'payment_transitions')),
  seq bigint not null check (seq >= 0),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null default now()
);

-- The staff audit log was already chained (in id order): its head is its last entry.
insert into audit_chain_heads (chain, seq, hash)
select 'audit_log', count(*), coalesce((select hash from audit_log order by id desc limit 1), repeat('0', 64)) from audit_log;

-- The administrators' changes and the payment status changes join the chains now; entries
-- written before this migration carry no hash and stay before the chain's first link.
alter table admin_audit add column prev_hash text check (prev_hash ~ '^[0-9a-f]{64}$');
alter table admin_audit add column hash text check (hash ~ '^[0-9a-f]{64}$');
alter table payment_transitions add column prev_hash text check (prev_hash ~ '^[0-9a-f]{64}$');
alter table payment_transitions add column hash text check (hash ~ '^[0-9a-f]{64}$');
insert into audit_chain_heads (chain, seq, hash) values ('admin_audit', 0, repeat('0', 64)), ('payment_transitions', 0, repeat('0', 64));

-- Payment status changes are append-only, like the other chained logs.
create trigger payment_transitions_append_only before update or delete on payment_transitions
  for each row execute function backoffice_append_only();
