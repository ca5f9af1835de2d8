-- Digital domicile (domicilio digitale, CAD art. 3-bis, 6-bis, 6-quater): notices with legal
-- value go by PEC to the address the national registers give (INAD for persons and
-- professionals, INI-PEC for companies and professionals), and the provider's receipts
-- (DPR 68/2005) are kept with each message. docs/domicile.md.

-- The outbox gets a PEC channel (the notifications domain owns the table; this only widens
-- the list of channels it accepts).
alter table notification_deliveries drop constraint notification_deliveries_channel_check;
alter table notification_deliveries add constraint notification_deliveries_channel_check
  check (channel in ('email', 'io', 'pec'));

-- Every look-up in a register: which register answered, with which address (or none), when.
-- A recent answer is reused (DOMICILE_CACHE_SECONDS); the rows stay as the record of what
-- address was used for which notice.
create table domicile_lookups (
  id bigint generated always as identity primary key,
  fiscal_code text not null,
  -- 'INAD' or 'INI-PEC': the register that answered (null: neither had an address)
  register text check (register in ('INAD', 'INI-PEC')),
  address text,
  -- the professional activity INAD names for a professional's domicile
  profession text,
  looked_up_at timestamptz not null
);
create index domicile_lookups_recent_idx on domicile_lookups (fiscal_code, looked_up_at desc);

-- One row per notice with legal value the PEC channel handled: sent to a digital domicile
-- (message_id: the Message-ID the receipts refer to), or 'no-domicile' (it went by the other
-- channels, and the office sends a copy by ordinary post: CAD art. 3-bis c. 4-bis).
create table pec_messages (
  id bigint generated always as identity primary key,
  delivery_id bigint not null unique,
  notification_id bigint not null,
  submission_id bigint,
  recipient_fiscal_code text not null,
  lookup_id bigint references domicile_lookups (id),
  address text,
  register text,
  message_id text unique,
  -- sent, accepted (accettazione), delivered (avvenuta consegna), not-accepted (non
  -- accettazione), delivery-error (errore/mancata consegna), no-domicile
  status text not null check (status in ('sent', 'accepted', 'delivered', 'not-accepted', 'delivery-error', 'no-domicile')),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pec_messages_submission_idx on pec_messages (submission_id) where submission_id is not null;

-- The provider's receipts, matched by X-Riferimento-Message-ID. One per kind and message: a
-- receipt read twice (the mailbox polled again, the provider resending) is recorded once.
create table pec_receipts (
  id bigint generated always as identity primary key,
  pec_message_id bigint not null references pec_messages (id),
  kind text not null check (kind in ('accettazione', 'non-accettazione', 'avvenuta-consegna', 'errore-consegna', 'preavviso-errore-consegna', 'presa-in-carico', 'rilevazione-virus')),
  -- the receipt's own Message-ID and Date header, and its subject
  receipt_message_id text,
  receipt_date timestamptz,
  subject text,
  received_at timestamptz not null,
  unique (pec_message_id, kind)
);
