// The queue's free-text search: a word or phrase found in the applicant's name (cases.search_name,
// as before) or in the filing's search document (case_search: the displayed lines of the summary
// the applicant confirmed - choices by label, addresses written out - and the case's messages).
// Migration 0026 keeps that document up to date with triggers (a filing stored or corrected, a
// message written) and indexes it with trigrams, so a substring match reads an index; this
// module only reads it. Case and accent insensitive: the query is folded by searchText().
import { sql, type RawBuilder } from 'kysely';

/** The LIKE pattern of a folded text (its wildcards taken literally). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** True for a row of `cases` whose name, answers or messages hold `text` (already folded by searchText). */
export function caseTextMatches(text: string): RawBuilder<boolean> {
  const pattern = likePattern(text);
  return sql<boolean>`(cases.search_name like ${pattern} or cases.submission_id in (select submission_id from case_search where document like ${pattern}))`;
}
