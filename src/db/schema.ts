// The Database type Kysely checks every query against: the union of each domain's tables.
import type { OfficesTable, ProcedureVersionsTable, ProceduresTable } from '../catalogue/catalogue.table.ts';
import type { StaffOfficesTable, StaffTable } from '../identity/identity.table.ts';
import type { InboxMessagesTable, NotificationContactsTable, NotificationDeliveriesTable, NotificationsTable } from '../notifications/notifications.table.ts';
import type { PaymentAttemptsTable, PaymentNotificationsTable, PaymentPositionsTable, PaymentTransitionsTable, SandboxPspPositionsTable, SandboxPspSessionsTable } from '../payments/payments.table.ts';
import type { AdminAuditTable, ProcedureDraftsTable } from '../admin/admin.table.ts';

export interface Database {
  offices: OfficesTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  staff: StaffTable;
  staff_offices: StaffOfficesTable;
  notification_contacts: NotificationContactsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  inbox_messages: InboxMessagesTable;
  payment_positions: PaymentPositionsTable;
  payment_attempts: PaymentAttemptsTable;
  payment_notifications: PaymentNotificationsTable;
  payment_transitions: PaymentTransitionsTable;
  sandbox_psp_positions: SandboxPspPositionsTable;
  sandbox_psp_sessions: SandboxPspSessionsTable;
  procedure_drafts: ProcedureDraftsTable;
  admin_audit: AdminAuditTable;
}
