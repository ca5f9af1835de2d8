-- The English wording of a payment's reason (docs/payments.md): `reason` stays the Italian
-- causale that pagoPA carries and prints on the notice; `reason_en` is what a person using
-- English reads on the portal's pages, in the messages and in the PDFs. Null for positions
-- made before it, and for reasons written in one language only (a clerk's request): the
-- Italian reason is shown then.
alter table payment_positions add column reason_en text check (reason_en is null or length(reason_en) between 1 and 140);
