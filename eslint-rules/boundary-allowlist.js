// The boundary crossings tolerated, each one file reading a table it does not own. All are read
// models: pages that list many rows joined across tables (a clerk's queue, the offices'
// payments, the protocol register's subject line), where asking each owner's service row by row
// would turn one indexed query into hundreds. None of them writes. They are the next step of
// the ownership work (a view or a read function published by the owning domain).
// tests/unit/architecture fails on an entry that is no longer a violation, so this list only
// shrinks. Paths are from the repository root.

/** Imports of another domain's repository: { file, imports }. */
export const foreignRepositoryImports = [];

/** SQL on a table outside its owning repository: { file, table }. */
export const foreignTables = [
  // the queue and its statistics: the cases of the clerk's offices, a page at a time (the case
  // repository writes them; this file only reads)
  { file: 'src/backoffice/queue.repository.ts', table: 'cases' },
  // the queue's search by protocol number reads the filings' numbers in a subquery
  { file: 'src/backoffice/queue.repository.ts', table: 'submissions' },
  // the offices' payments page: positions joined to their cases and filings
  { file: 'src/backoffice/office-payments.repository.ts', table: 'payment_positions' },
  // the register's line for a filing names its attachments' fingerprints in a subquery
  { file: 'src/submissions/submissions.repository.ts', table: 'attachments' },
  // how filings came in (online or at a help desk): counts per procedure, channel and desk, a
  // help-desk session's filings and drafts, for the help desk (src/representation); read only
  { file: 'src/submissions/filing-channels.repository.ts', table: 'submissions' },
  { file: 'src/submissions/filing-channels.repository.ts', table: 'drafts' },
];
