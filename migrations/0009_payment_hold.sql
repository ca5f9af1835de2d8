-- Fees paid before submission: the filing is stored (acknowledged, never lost) with status
-- 'awaiting_payment' and reaches the registrar and the office queue only once its payment is
-- settled, when it gets its receipt time of record. The registrar's work list leaves it out.
drop index submissions_unnumbered_idx;
create index submissions_unnumbered_idx on submissions (received_at, id) where protocol_number is null and status <> 'awaiting_payment';
