// Row types of the API's tables (migrations/0030_api_webhooks.sql): clients, tokens, webhook
// subscriptions and deliveries, the webhook job's cursor.
import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** What a client may do (docs/api.md). */
export const SCOPES = ['cases:read', 'cases:transition', 'messages:write', 'documents:read'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiClientsTable {
  id: Generated<number>;
  client_id: string;
  name: string;
  scopes: Json<Scope[]>;
  offices: Json<string[]>;
  procedure_ids: Json<number[]>;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Date | null;
  rate_limit_per_minute: number;
  disabled_at: Date | null;
  created_at: Date;
  created_by: string;
  secret_rotated_at: Date | null;
}
export type ApiClientRow = Selectable<ApiClientsTable>;

export interface ApiTokensTable {
  token_hash: string;
  client_id: number;
  scopes: Json<Scope[]>;
  created_at: Date;
  expires_at: Date;
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  client_id: number;
  url: string;
  event_types: Json<string[]>;
  secret: string;
  active: Generated<boolean>;
  created_at: Date;
  created_by: string;
}
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionsTable>;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  message_id: string;
  subscription_id: number;
  submission_id: number;
  event_seq: number;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

export interface WebhookCursorTable {
  id: Generated<boolean>;
  read_until: Date;
}
