-- The digital signature of an attachment as the portal verified it when the file was uploaded
-- (src/submissions/signatures, docs/signatures.md): the outcome is kept, not recomputed at each
-- view, so the office reads what was true at filing time. One row per signed attachment; it
-- goes with the attachment.
create table attachment_signatures (
  attachment_id uuid primary key references attachments (id) on delete cascade,
  -- cades: a .p7m envelope with the content inside; pades: a PDF with its signature dictionary
  format text not null check (format in ('cades', 'pades')),
  status text not null check (status in ('valid', 'invalid', 'expired', 'not_yet_valid', 'untrusted')),
  problem text check (problem in ('malformed', 'digest', 'signature', 'signingCertificate', 'partial', 'untrusted', 'expired', 'notYetValid')),
  signer_name text,
  signer_fiscal_code text,
  issuer text,
  certificate_serial text,
  not_before timestamptz,
  not_after timestamptz,
  -- the signer's own claim (the signing-time attribute), not a time stamp
  signing_time timestamptz,
  -- the type of the signed content (CAdES), decided from its bytes
  content_type text,
  verified_at timestamptz not null
);
