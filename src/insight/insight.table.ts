// The rows of service insight (migrations/0041_service_insight.sql): daily counters per
// procedure version, with no identifier of a person, a draft or a filing.
export interface InsightFieldErrorsTable {
  /** the Rome calendar day, yyyy-mm-dd */
  day: string;
  procedure_id: number;
  procedure_version: number;
  step_id: string;
  /** the field's name, without the item numbers of "add another" groups */
  field: string;
  /** the form engine's message key (src/forms/messages.ts), or "other" */
  message_key: string;
  count: number;
}

export interface InsightStepsTable {
  day: string;
  procedure_id: number;
  procedure_version: number;
  /** a journey page: informativa, dati-generali, a step id, riepilogo, inviata */
  step_id: string;
  reached: number;
  abandoned: number;
}

export interface InsightCompletionTable {
  day: string;
  procedure_id: number;
  procedure_version: number;
  /** a bucket of COMPLETION_BUCKETS (insight.rules.ts) */
  bucket: string;
  count: number;
}
