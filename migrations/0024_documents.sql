-- Documents the office writes (issue 16): templates per procedure and purpose, every save a new
-- version; the documents generated from them, each with an outgoing protocol number; and the
-- protocol register widened to outgoing registrations (direction 'uscita') numbered from the
-- same yearly counter as the filings.

-- The register: every existing row is an incoming filing. An outgoing row names the filing it
-- answers (submission_id) and its recipient; only incoming rows are one per filing.
alter table protocol_register add column direction text not null default 'entrata'
  check (direction in ('entrata', 'uscita'));
alter table protocol_register add column recipient text;
alter table protocol_register add constraint protocol_register_recipient_check
  check (direction = 'entrata' or recipient is not null);
alter table protocol_register drop constraint protocol_register_submission_id_key;
create unique index protocol_register_incoming_idx on protocol_register (submission_id) where direction = 'entrata';
create index protocol_register_submission_idx on protocol_register (submission_id);

-- An administrator's template for one procedure, purpose and language: append-only versions,
-- the highest is in force. With none, the shipped default of the purpose applies.
create table document_templates (
  id bigint generated always as identity primary key,
  procedure_id integer not null references procedures (id),
  purpose text not null check (purpose ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  locale text not null check (locale in ('it', 'en')),
  version integer not null check (version > 0),
  title text not null,
  body text not null,
  -- the version this one restored, if any
  restored_from integer,
  saved_by text not null,
  saved_by_name text not null,
  saved_at timestamptz not null,
  unique (procedure_id, purpose, locale, version)
);

-- A document sent on a case: its text as sent, its PDF, its outgoing protocol number.
create table generated_documents (
  id bigint generated always as identity primary key,
  submission_id bigint not null references submissions (id),
  purpose text not null,
  -- how it was sent: with the decision, with a request, or as a letter
  sent_as text not null check (sent_as in ('decision', 'integration', 'refusal', 'conformation', 'letter')),
  template_version integer,
  title text not null,
  body text not null,
  protocol_year integer not null,
  protocol_number integer not null,
  registered_at timestamptz not null,
  file_name text not null,
  storage_key text not null unique,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes > 0),
  created_by text not null,
  created_by_name text not null,
  foreign key (protocol_year, protocol_number) references protocol_register (year, number)
);
create index generated_documents_submission_idx on generated_documents (submission_id);
