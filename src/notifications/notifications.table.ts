// Row types of the notification tables (migrations/0006_notifications.sql): contacts, the
// notifications themselves, their outbox deliveries per channel, and the in-portal inbox.
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<Record<string, unknown>, string, string>;

export type DeliveryChannel = 'email' | 'io' | 'pec';
export type DeliveryStatus = 'pending' | 'sending' | 'failed' | 'sent' | 'skipped' | 'dead' | 'cancelled';

export interface NotificationContactsTable {
  fiscal_code: string;
  email: string | null;
  email_source: ColumnType<'identity' | 'person', 'identity' | 'person' | undefined, 'identity' | 'person'>;
  email_confirmed_at: NullableTimestamp;
  pending_email: string | null;
  pending_token_hash: string | null;
  pending_expires_at: NullableTimestamp;
  io_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  kind: string;
  recipient_fiscal_code: string;
  locale: 'it' | 'en';
  data: Json;
  dedupe_key: string;
  deliver_after: Timestamp;
  cancelled_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  notification_id: number;
  channel: DeliveryChannel;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  last_attempt_at: NullableTimestamp;
  last_error: string | null;
  external_id: string | null;
  sent_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface InboxMessagesTable {
  notification_id: number;
  recipient_fiscal_code: string;
  visible_at: Timestamp;
  read_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export type ContactRow = Selectable<NotificationContactsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type DeliveryRow = Selectable<NotificationDeliveriesTable>;
export type InboxRow = Selectable<InboxMessagesTable>;

