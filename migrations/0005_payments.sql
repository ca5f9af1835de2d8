-- Payments: the positions a person owes the comune (each with its pagoPA notice number, never
-- reused), the attempts to pay them through the provider, the provider's notifications as
-- received (idempotency by event id) and every status change. Statuses only move forward:
-- paid is final.

-- aux 3 notice numbers: 3 + segregation code + a 13-digit base from this sequence + check
-- digits. A sequence never hands out a value twice, even when the transaction that took it
-- rolls back, so a notice number is never reused.
create sequence payment_notice_base_seq minvalue 1 maxvalue 9999999999999 no cycle;

create table payment_positions (
  id bigint generated always as identity primary key,
  notice_number text not null unique check (notice_number ~ '^[0-3][0-9]{17}$'),
  iuv text not null unique check (iuv ~ '^[0-9]{15,17}$'),
  -- the debt position's id at the provider (GPD iupd)
  iupd text not null unique,
  provider text not null,
  creditor_fiscal_code text not null check (creditor_fiscal_code ~ '^[0-9]{11}$'),
  debtor_type text not null check (debtor_type in ('F', 'G')),
  debtor_fiscal_code text not null,
  debtor_name text not null check (char_length(debtor_name) between 1 and 140),
  debtor_email text,
  -- the person whose personal area shows the position (the applicant of the filing)
  owner_fiscal_code text not null,
  amount_cents bigint not null check (amount_cents > 0),
  reason text not null check (char_length(reason) between 1 and 140),
  due_date date not null,
  expire_after_due_date boolean not null default false,
  taxonomy_code text not null check (taxonomy_code ~ '^[0-9]{7}(IM|TS|SP|SA|AP)$'),
  -- the fee items behind the amount (payments/fees.ts ComputedFeeItem[])
  items jsonb not null default '[]'::jsonb,
  submission_id bigint,
  status text not null default 'pending' check (status in ('pending', 'paid', 'expired', 'cancelled')),
  -- registration with the provider happens after the creating transaction commits
  publish_state text not null default 'to_publish' check (publish_state in ('to_publish', 'published', 'failed')),
  publish_attempts integer not null default 0,
  publish_last_error text,
  published_at timestamptz,
  -- reconciliation: when to ask the provider next, and how often it was asked without news
  next_check_at timestamptz not null default now(),
  checks integer not null default 0,
  receipt_id text unique,
  paid_at timestamptz,
  paid_amount_cents bigint,
  receipt jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'paid' or (receipt_id is not null and paid_at is not null))
);
create index payment_positions_owner_idx on payment_positions (owner_fiscal_code, created_at desc);
create index payment_positions_debtor_idx on payment_positions (debtor_fiscal_code);
create index payment_positions_submission_idx on payment_positions (submission_id) where submission_id is not null;
create index payment_positions_open_idx on payment_positions (next_check_at) where status = 'pending';
create index payment_positions_to_publish_idx on payment_positions (id) where publish_state <> 'published';

-- A paid position stays paid, whatever a late or replayed message says.
create or replace function payment_positions_paid_is_final() returns trigger language plpgsql as $$
begin
  if old.status = 'paid' and (new.status <> 'paid' or new.receipt_id is distinct from old.receipt_id) then
    raise exception 'payment position % is paid and cannot change status or receipt', old.id;
  end if;
  return new;
end $$;
create trigger payment_positions_paid_is_final before update on payment_positions
  for each row execute function payment_positions_paid_is_final();

-- One visit to the provider's payment page (a checkout cart, a sandbox session).
create table payment_attempts (
  id bigint generated always as identity primary key,
  position_id bigint not null references payment_positions (id),
  provider text not null,
  provider_ref text not null,
  status text not null default 'pending' check (status in ('pending', 'paid', 'failed', 'expired')),
  redirect_url text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index payment_attempts_ref_idx on payment_attempts (provider, provider_ref);
create index payment_attempts_position_idx on payment_attempts (position_id, created_at desc);
create index payment_attempts_open_idx on payment_attempts (created_at) where status = 'pending';

-- Every authenticated notification, once: a replay finds its event id taken.
create table payment_notifications (
  id bigint generated always as identity primary key,
  provider text not null,
  event_id text not null,
  position_id bigint not null references payment_positions (id),
  reported_status text not null,
  outcome text not null check (outcome in ('applied', 'ignored')),
  payload jsonb not null,
  received_at timestamptz not null default now(),
  unique (provider, event_id)
);
create index payment_notifications_position_idx on payment_notifications (position_id);

create table payment_transitions (
  id bigint generated always as identity primary key,
  position_id bigint not null references payment_positions (id),
  attempt_id bigint references payment_attempts (id),
  from_status text not null,
  to_status text not null,
  source text not null check (source in ('notification', 'return', 'reconciliation', 'office')),
  notification_id bigint references payment_notifications (id),
  created_at timestamptz not null default now()
);
create index payment_transitions_position_idx on payment_transitions (position_id, id);

-- The payment sandbox's own books: a stand-in for the payment provider, used in development and
-- tests only (production refuses the sandbox). The portal reads them only through the
-- sandbox provider, as it would ask a real provider.
create table sandbox_psp_positions (
  iuv text primary key,
  notice_number text not null unique,
  creditor_fiscal_code text not null,
  amount_cents bigint not null,
  description text not null,
  debtor_name text not null,
  due_date date not null,
  expire_after_due_date boolean not null default false,
  status text not null default 'VALID' check (status in ('VALID', 'PAID')),
  receipt jsonb,
  created_at timestamptz not null default now()
);

create table sandbox_psp_sessions (
  id text primary key,
  iuv text not null references sandbox_psp_positions (iuv),
  return_ok_url text not null,
  return_cancel_url text not null,
  return_error_url text not null,
  status text not null default 'open' check (status in ('open', 'paid', 'failed', 'cancelled')),
  created_at timestamptz not null default now(),
  closed_at timestamptz
);
