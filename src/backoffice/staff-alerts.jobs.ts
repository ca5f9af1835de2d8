// When the staff alerts' jobs run (scheduled in src/jobs.ts): the case log is read every minute
// (an alert comes a minute after its event at most), the deadlines are scanned at 7 in the
// morning, Rome time, before the working day, and the digests go at 18, after it.
export const STAFF_ALERTS_EVERY_MS = 60_000;
export const STAFF_DEADLINES_HOUR = 7;
export const STAFF_DIGEST_HOUR = 18;
