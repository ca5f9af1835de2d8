// Row types of the staff alerts' tables (migrations/0025_staff_alerts.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type CalendarDate = ColumnType<string, string, string>;

export type AlertKind = 'new_filing' | 'applicant_reply' | 'assigned' | 'deadline_soon' | 'deadline_overdue';
export type AlertDelivery = 'immediate' | 'digest' | 'backoffice';

/** What an alert shows: never the applicant's name or fiscal code. */
export interface AlertFacts {
  publicId: string;
  protocol: string;
  procedure: { it: string; en: string };
  office: { it: string; en: string };
  dueDate?: string;
  /** the colleague who assigned the case (assignments only) */
  by?: string;
}

export interface StaffAlertsTable {
  id: Generated<number>;
  recipient_fiscal_code: string;
  kind: AlertKind;
  submission_id: number;
  dedupe_key: string;
  facts: Json<AlertFacts>;
  delivery: AlertDelivery;
  created_at: Date;
  read_at: Date | null;
  digested_on: CalendarDate | null;
}

export interface StaffAlertPreferencesTable {
  fiscal_code: string;
  deliveries: Json<Partial<Record<string, AlertDelivery>>>;
  deadline_days: Generated<number>;
  locale: Generated<'it' | 'en'>;
  updated_at: Date;
}

export interface StaffAlertCursorTable {
  id: number;
  read_until: Date;
}

export interface StaffAlertEventsTable {
  submission_id: number;
  seq: number;
  at: Date;
}

export type StaffAlertRow = Selectable<StaffAlertsTable>;
