// The Database type Kysely checks every query against: the union of each domain's tables.
import type { OfficesTable, ProcedureVersionsTable, ProceduresTable } from '../catalogue/catalogue.table.ts';
import type { InboxMessagesTable, NotificationContactsTable, NotificationDeliveriesTable, NotificationsTable } from '../notifications/notifications.table.ts';

export interface Database {
  offices: OfficesTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  notification_contacts: NotificationContactsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  inbox_messages: InboxMessagesTable;
}
