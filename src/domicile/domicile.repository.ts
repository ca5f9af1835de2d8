// All the SQL of the digital domicile: the look-ups in the registers, the notices sent by PEC
// (or recorded without a domicile) and their receipts. Functions take a Kysely instance or a
// transaction first; the service decides which.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DomicileLookupRow, DomicileRegister, PecMessageRow, PecStatus, ReceiptKind } from './domicile.table.ts';

type Db = Kysely<Database>;

export async function insertLookup(db: Db, row: { fiscalCode: string; register: DomicileRegister | null; address: string | null; profession: string | null; at: Date }): Promise<DomicileLookupRow> {
  return db
    .insertInto('domicile_lookups')
    .values({ fiscal_code: row.fiscalCode, register: row.register, address: row.address, profession: row.profession, looked_up_at: row.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The latest answer for a fiscal code since `since`, if any (the cache). */
export async function recentLookup(db: Db, fiscalCode: string, since: Date): Promise<DomicileLookupRow | undefined> {
  return db.selectFrom('domicile_lookups').selectAll().where('fiscal_code', '=', fiscalCode).where('looked_up_at', '>=', since).orderBy('looked_up_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function findLookup(db: Db, id: number): Promise<DomicileLookupRow | undefined> {
  return db.selectFrom('domicile_lookups').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewPecMessage {
  deliveryId: number;
  notificationId: number;
  submissionId: number | null;
  recipientFiscalCode: string;
  lookupId: number | null;
  address: string | null;
  register: string | null;
  messageId: string | null;
  status: PecStatus;
  at: Date;
}

/** One row per delivery: a second call for the same delivery (a resend after a crash) writes nothing. */
export async function insertPecMessage(db: Db, m: NewPecMessage): Promise<number | undefined> {
  const row = await db
    .insertInto('pec_messages')
    .values({
      delivery_id: m.deliveryId,
      notification_id: m.notificationId,
      submission_id: m.submissionId,
      recipient_fiscal_code: m.recipientFiscalCode,
      lookup_id: m.lookupId,
      address: m.address,
      register: m.register,
      message_id: m.messageId,
      status: m.status,
      created_at: m.at,
      updated_at: m.at,
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function pecMessageByDelivery(db: Db, deliveryId: number): Promise<PecMessageRow | undefined> {
  return db.selectFrom('pec_messages').selectAll().where('delivery_id', '=', deliveryId).executeTakeFirst();
}

/** The message a receipt refers to, locked for the rest of the transaction. */
export async function lockPecMessageByMessageId(db: Db, messageId: string): Promise<PecMessageRow | undefined> {
  return db.selectFrom('pec_messages').selectAll().where('message_id', '=', messageId).forUpdate().executeTakeFirst();
}

/** The receipt, once per message and kind; true when it was new. */
export async function insertReceipt(db: Db, r: { pecMessageId: number; kind: ReceiptKind; receiptMessageId: string | null; receiptDate: Date | null; subject: string | null; at: Date }): Promise<boolean> {
  const row = await db
    .insertInto('pec_receipts')
    .values({ pec_message_id: r.pecMessageId, kind: r.kind, receipt_message_id: r.receiptMessageId, receipt_date: r.receiptDate, subject: r.subject, received_at: r.at })
    .onConflict((oc) => oc.columns(['pec_message_id', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setPecStatus(db: Db, id: number, status: PecStatus, at: Date): Promise<void> {
  await db.updateTable('pec_messages').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export async function pecMessagesOfSubmission(db: Db, submissionId: number): Promise<PecMessageRow[]> {
  return db.selectFrom('pec_messages').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
}

export async function receiptsOf(db: Db, pecMessageId: number) {
  return db.selectFrom('pec_receipts').selectAll().where('pec_message_id', '=', pecMessageId).orderBy('id').execute();
}
