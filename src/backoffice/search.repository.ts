// The queue's free-text search: a word or phrase found in the applicant's name (cases.search_name,
// as before), in the filing's answers as the applicant confirmed them (the displayed lines of the
// summary kept with the filing: choices by their label, addresses written out), or in a message
// of the case. A substring match, case and accent insensitive, evaluated per case of the
// clerk's offices: no stored search document to keep up to date (measured in
// docs/backoffice.md on the queue test's 20,000 cases).
import { sql, type RawBuilder } from 'kysely';

/** Lower case without the accents Italian uses, as searchText() makes the query. */
const fold = (expression: RawBuilder<unknown>) => sql`translate(lower(${expression}), 'àáâäèéêëìíîïòóôöùúûüç', 'aaaaeeeeiiiioooouuuuc')`;

/** The LIKE pattern of a folded text (its wildcards taken literally). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** True for a row of `cases` whose name, answers or messages hold `text` (already folded by searchText). */
export function caseTextMatches(text: string): RawBuilder<boolean> {
  const pattern = likePattern(text);
  return sql<boolean>`(cases.search_name like ${pattern}
    or exists (select 1 from submissions s cross join lateral jsonb_path_query(s.summary, 'strict $.steps[*].rows[*].lines[*]') as line(value)
               where s.id = cases.submission_id and ${fold(sql`line.value #>> '{}'`)} like ${pattern})
    or exists (select 1 from case_messages m where m.submission_id = cases.submission_id and ${fold(sql`m.body`)} like ${pattern}))`;
}
