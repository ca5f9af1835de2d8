// The Database type Kysely checks every query against: the union of each domain's tables.
import type { OfficesTable, ProcedureVersionsTable, ProceduresTable } from '../catalogue/catalogue.table.ts';
import type { SessionsTable, StaffOfficesTable, StaffTable } from '../identity/identity.table.ts';
import type { AttachmentsTable, DraftsTable, ProtocolCountersTable, ProtocolRegisterTable, SubmissionsTable } from '../submissions/submissions.table.ts';
import type { WaitingRoomsTable } from '../submissions/waiting-room.table.ts';
import type { InboxMessagesTable, NotificationContactsTable, NotificationDeliveriesTable, NotificationsTable } from '../notifications/notifications.table.ts';
import type { PaymentAttemptsTable, PaymentNotificationsTable, PaymentPositionsTable, PaymentTransitionsTable, SandboxPspPositionsTable, SandboxPspSessionsTable } from '../payments/payments.table.ts';
import type { AuditChainHeadsTable, AuditLogTable, CaseDecisionsTable, CaseEventsTable, CaseFilesTable, CaseMessagesTable, CaseNotesTable, CaseRequestsTable, CasesTable } from '../backoffice/backoffice.table.ts';
import type { AdminAuditTable, ProcedureDraftsTable } from '../admin/admin.table.ts';
import type { RateLimitCountersTable } from '../platform/rate-limit.table.ts';

export interface Database {
  offices: OfficesTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  staff: StaffTable;
  staff_offices: StaffOfficesTable;
  sessions: SessionsTable;
  drafts: DraftsTable;
  submissions: SubmissionsTable;
  attachments: AttachmentsTable;
  protocol_counters: ProtocolCountersTable;
  protocol_register: ProtocolRegisterTable;
  waiting_rooms: WaitingRoomsTable;
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
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_requests: CaseRequestsTable;
  case_messages: CaseMessagesTable;
  case_notes: CaseNotesTable;
  case_files: CaseFilesTable;
  case_decisions: CaseDecisionsTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  procedure_drafts: ProcedureDraftsTable;
  admin_audit: AdminAuditTable;
  rate_limit_counters: RateLimitCountersTable;
}
