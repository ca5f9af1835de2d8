-- A filing held for its fees whose payment notice expired unpaid is never filed: status
-- 'payment_expired'. Like 'awaiting_payment', it stays out of the registrar's work list.
drop index submissions_unnumbered_idx;
create index submissions_unnumbered_idx on submissions (received_at, id) where protocol_number is null and status not in ('awaiting_payment', 'payment_expired');
