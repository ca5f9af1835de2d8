-- Filings made without login (src/anonymous, docs/anonymous.md). A report filled in by a person
-- with no identity is held here, pending, until the link mailed to the address they gave is
-- opened and confirmed; only then is it filed through the ordinary intake (the draft it points
-- at becomes a submission). Tokens are kept only as SHA-256 hashes. The address is wiped when a
-- pending filing expires; its hash and the network stay for the abuse limits.
create table anonymous_filings (
  id bigint generated always as identity primary key,
  procedure_slug text not null,
  -- the anonymous applicant's code: the owner of the draft (drafts.owner_fiscal_code)
  owner_code text not null check (owner_code ~ '^ANON0[A-Z0-9]{11}$'),
  idempotency_key text not null,
  email text,
  email_key text not null,
  network_key text not null,
  -- how the person proved not to be a script: proof of work, or the text question without JavaScript
  proof text not null check (proof in ('pow', 'question')),
  locale text not null check (locale in ('it', 'en')),
  status text not null default 'pending' check (status in ('pending', 'confirmed', 'expired')),
  confirm_token_hash text not null unique,
  tracking_token_hash text unique,
  submission_public_id text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  confirmed_at timestamptz
);

create index anonymous_filings_email_idx on anonymous_filings (email_key, created_at);
create index anonymous_filings_network_idx on anonymous_filings (network_key, created_at);
create index anonymous_filings_pending_idx on anonymous_filings (expires_at) where status = 'pending';

-- Proof-of-work challenges already used (single use), kept until they would have expired anyway.
create table anonymous_challenges_spent (
  id text primary key,
  expires_at timestamptz not null
);
