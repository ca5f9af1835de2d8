-- Revenue stamps (marca da bollo, contrassegno telematico) used by filings: a stamp pays the
-- stamp duty of one document only, so its 14-digit identifier may be used once in the whole
-- portal, whatever the procedure and whoever files. A row is written in the transaction that
-- stores the filing; the primary key makes the second of two concurrent filings fail, and
-- nothing of that filing is stored (src/submissions/stamps.ts).
create table used_stamps (
  identifier text primary key check (identifier ~ '^[0-9]{14}$'),
  submission_id bigint not null references submissions (id) on delete cascade,
  -- the input that named it, e.g. "marcaDaBollo.serial"
  field text not null,
  used_at timestamptz not null default now()
);

create index used_stamps_submission on used_stamps (submission_id);
