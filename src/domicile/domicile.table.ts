// Row types of the digital domicile tables (migrations/0031_digital_domicile.sql): the look-ups
// in INAD and INI-PEC, the notices sent by PEC (or recorded as having no domicile), and the
// provider's receipts.
import type { ColumnType, Generated, Selectable } from 'kysely';

export type DomicileRegister = 'INAD' | 'INI-PEC';
export type PecStatus = 'sent' | 'accepted' | 'delivered' | 'not-accepted' | 'delivery-error' | 'no-domicile';
export const RECEIPT_KINDS = ['accettazione', 'non-accettazione', 'avvenuta-consegna', 'errore-consegna', 'preavviso-errore-consegna', 'presa-in-carico', 'rilevazione-virus'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DomicileLookupsTable {
  id: Generated<number>;
  fiscal_code: string;
  register: DomicileRegister | null;
  address: string | null;
  profession: string | null;
  looked_up_at: Timestamp;
}

export interface PecMessagesTable {
  id: Generated<number>;
  delivery_id: number;
  notification_id: number;
  submission_id: number | null;
  recipient_fiscal_code: string;
  lookup_id: number | null;
  address: string | null;
  register: string | null;
  message_id: string | null;
  status: PecStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PecReceiptsTable {
  id: Generated<number>;
  pec_message_id: number;
  kind: ReceiptKind;
  receipt_message_id: string | null;
  receipt_date: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  subject: string | null;
  received_at: Timestamp;
}

export type DomicileLookupRow = Selectable<DomicileLookupsTable>;
export type PecMessageRow = Selectable<PecMessagesTable>;
export type PecReceiptRow = Selectable<PecReceiptsTable>;
