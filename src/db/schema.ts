// The Database type Kysely checks every query against: the union of each domain's tables.
import type { OfficesTable, ProcedureVersionsTable, ProceduresTable } from '../catalogue/catalogue.table.ts';
import type { SessionsTable, StaffOfficeProceduresTable, StaffOfficesTable, StaffTable } from '../identity/identity.table.ts';
import type { AttachmentsTable, DraftsTable, ProtocolCountersTable, ProtocolRegisterTable, SubmissionsTable } from '../submissions/submissions.table.ts';
import type { WaitingRoomsTable, WaitingRoomTicketsTable } from '../submissions/waiting-room.table.ts';
import type { InboxMessagesTable, NotificationContactsTable, NotificationDeliveriesTable, NotificationsTable } from '../notifications/notifications.table.ts';
import type { PaymentAttemptsTable, PaymentNotificationsTable, PaymentPositionsTable, PaymentTransitionsTable, SandboxPspPositionsTable, SandboxPspSessionsTable } from '../payments/payments.table.ts';
import type { AuditChainHeadsTable, AuditLogTable, CaseDecisionsTable, CaseEventsTable, CaseFilesTable, CaseMessagesTable, CaseNotesTable, CaseRequestsTable, CasesTable } from '../backoffice/backoffice.table.ts';
import type { AdminAuditTable, ProcedureDraftsTable } from '../admin/admin.table.ts';
import type { RateLimitCountersTable } from '../platform/rate-limit.table.ts';
import type { SubmissionPartiesTable } from '../submissions/submissions.table.ts';
import type { ProfessionalProfilesTable } from '../representation/professionals.table.ts';
import type { DelegationEventsTable, DelegationsTable } from '../representation/delegations.table.ts';
import type { CompanyAuthorisationsTable, CompanyRegistryChecksTable } from '../representation/companies.table.ts';
import type { AssistedSessionsTable, HelpDesksTable } from '../representation/help-desk.table.ts';
import type { StaffAlertCursorTable, StaffAlertEventsTable, StaffAlertPreferencesTable, StaffAlertsTable } from '../backoffice/staff-alerts.table.ts';
import type { AnswerCorrectionsTable } from '../submissions/corrections.table.ts';
import type { DocumentTemplatesTable, GeneratedDocumentsTable } from '../documents/documents.table.ts';
import type { CaseSearchTable, SavedFiltersTable } from '../backoffice/worklists.table.ts';
import type { ApiClientsTable, ApiTokensTable, WebhookCursorTable, WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../api/api.table.ts';
import type { PrefilledAnswersTable } from '../prefill/prefill.table.ts';
import type { DomicileLookupsTable, PecMessagesTable, PecReceiptsTable } from '../domicile/domicile.table.ts';
import type { ProtocolRegistrationsTable } from '../protocol/registrations.table.ts';
import type { AttachmentSignaturesTable } from '../submissions/signatures/signatures.table.ts';
import type { AnonymousChallengesSpentTable, AnonymousFilingsTable } from '../anonymous/anonymous.table.ts';
import type { StreetListsTable, StreetsTable } from '../places/places.table.ts';
import type { UsedStampsTable } from '../submissions/stamps.table.ts';
import type { LegalHoldsTable, RetentionPurgesTable, RetentionSettingsTable } from '../privacy/privacy.table.ts';
import type { CallApplicationsTable, CallBudgetsTable, CallRankingsTable } from '../calls/calls.table.ts';
import type { AppointmentBookingsTable, AppointmentCalendarsTable, AppointmentSlotsTable } from '../appointments/appointments.table.ts';
import type { InsightCompletionTable, InsightFieldErrorsTable, InsightStepsTable } from '../insight/insight.table.ts';
import type { WalletDocumentsTable } from '../wallet/wallet.table.ts';
import type { PageRatingsTable, ServiceRatingsGivenTable, ServiceRatingsTable } from '../feedback/feedback.table.ts';

export interface Database {
  offices: OfficesTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  staff: StaffTable;
  staff_offices: StaffOfficesTable;
  staff_office_procedures: StaffOfficeProceduresTable;
  sessions: SessionsTable;
  drafts: DraftsTable;
  submissions: SubmissionsTable;
  attachments: AttachmentsTable;
  protocol_counters: ProtocolCountersTable;
  protocol_register: ProtocolRegisterTable;
  waiting_rooms: WaitingRoomsTable;
  waiting_room_tickets: WaitingRoomTicketsTable;
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
  submission_parties: SubmissionPartiesTable;
  professional_profiles: ProfessionalProfilesTable;
  delegations: DelegationsTable;
  delegation_events: DelegationEventsTable;
  company_registry_checks: CompanyRegistryChecksTable;
  company_authorisations: CompanyAuthorisationsTable;
  help_desks: HelpDesksTable;
  assisted_sessions: AssistedSessionsTable;
  staff_alerts: StaffAlertsTable;
  staff_alert_preferences: StaffAlertPreferencesTable;
  staff_alert_cursor: StaffAlertCursorTable;
  staff_alert_events: StaffAlertEventsTable;
  answer_corrections: AnswerCorrectionsTable;
  document_templates: DocumentTemplatesTable;
  generated_documents: GeneratedDocumentsTable;
  saved_filters: SavedFiltersTable;
  case_search: CaseSearchTable;
  // the API for back-office systems and its webhooks (src/api, migrations/0030_api_webhooks.sql)
  api_clients: ApiClientsTable;
  api_tokens: ApiTokensTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_cursor: WebhookCursorTable;
  prefilled_answers: PrefilledAnswersTable;
  // digital domicile (src/domicile, migrations/0031_digital_domicile.sql)
  domicile_lookups: DomicileLookupsTable;
  pec_messages: PecMessagesTable;
  pec_receipts: PecReceiptsTable;
  // the external protocol registry's queue (src/protocol)
  protocol_registrations: ProtocolRegistrationsTable;
  attachment_signatures: AttachmentSignaturesTable;
  // filings made without login, pending their e-mail confirmation (src/anonymous)
  anonymous_filings: AnonymousFilingsTable;
  anonymous_challenges_spent: AnonymousChallengesSpentTable;
  street_lists: StreetListsTable;
  streets: StreetsTable;
  // revenue stamps used by filings, once each (src/submissions/stamps.ts)
  used_stamps: UsedStampsTable;
  // appointments: calendars, slots, bookings (src/appointments, migrations/0038_appointments.sql)
  appointment_calendars: AppointmentCalendarsTable;
  appointment_slots: AppointmentSlotsTable;
  appointment_bookings: AppointmentBookingsTable;
  // service insight: daily counters without identifiers (src/insight, migrations/0041_service_insight.sql)
  insight_field_errors: InsightFieldErrorsTable;
  insight_steps: InsightStepsTable;
  insight_completion: InsightCompletionTable;
  // the document wallet: a person's kept documents (src/wallet, migrations/0044_document_wallet.sql)
  wallet_documents: WalletDocumentsTable;
  retention_settings: RetentionSettingsTable;
  retention_purges: RetentionPurgesTable;
  legal_holds: LegalHoldsTable;
  // satisfaction as daily counts (src/feedback, migrations/0042_satisfaction.sql)
  page_ratings: PageRatingsTable;
  service_ratings: ServiceRatingsTable;
  service_ratings_given: ServiceRatingsGivenTable;
  // calls for grants: applications, budget counters, published rankings (src/calls)
  call_applications: CallApplicationsTable;
  call_budgets: CallBudgetsTable;
  call_rankings: CallRankingsTable;
}
