// Every text of the portal, one catalogue per domain, assembled here in one explicit list: a
// catalogue not listed is not shown, and nothing registers itself by being imported. The
// translator (src/platform/i18n.ts) reads the result; the form engine keeps its own words in
// src/forms/messages.ts (it has no Fastify and no portal).
import { adminMessages } from './admin/admin.messages.ts';
import { backofficeMessages } from './backoffice/backoffice.messages.ts';
import { officePaymentsMessages } from './backoffice/office-payments.messages.ts';
import { kindsMessages } from './backoffice/kinds.messages.ts';
import { rolesMessages } from './backoffice/roles.messages.ts';
import { staffRolesMessages } from './admin/staff-roles.messages.ts';
import { staffAlertsMessages } from './backoffice/staff-alerts.messages.ts';
import { casePageMessages } from './backoffice/case-page.messages.ts';
import { worklistsMessages } from './backoffice/worklists.messages.ts';
import { identityMessages } from './identity/identity.messages.ts';
import { notificationsMessages } from './notifications/messages.ts';
import { paymentsMessages } from './payments/payments.messages.ts';
import { assembleCatalogues, type KeysOf } from './platform/message-catalogue.ts';
import { portalMessages } from './platform/portal.messages.ts';
import { companiesMessages } from './representation/companies.messages.ts';
import { helpDeskMessages } from './representation/help-desk.messages.ts';
import { sitePagesMessages } from './site/site.messages.ts';
import { submissionsMessages } from './submissions/submissions.messages.ts';
import { actingMessages } from './representation/acting.messages.ts';
import { delegationsMessages } from './representation/delegations.messages.ts';
import { waitingRoomMessages } from './submissions/waiting-room.messages.ts';
import { documentsMessages } from './documents/documents.messages.ts';
import { apiMessages } from './api/api.messages.ts';
import { prefillMessages } from './prefill/prefill.messages.ts';
import { domicileMessages } from './domicile/domicile.messages.ts';
import { protocolMessages } from './protocol/protocol.messages.ts';
import { previewChecksMessages } from './admin/preview-checks.messages.ts';
import { signaturesMessages } from './submissions/signatures/signatures.messages.ts';
import { anonymousMessages } from './anonymous/anonymous.messages.ts';
import { placesMessages } from './places/places.messages.ts';
import { logicBuilderMessages } from './admin/logic.messages.ts';
import { journeyFieldsMessages } from './submissions/fields.messages.ts';
import { fieldExtrasMessages } from './admin/field-extras.messages.ts';
import { appointmentsMessages } from './appointments/appointments.messages.ts';
import { expectedDateMessages } from './backoffice/expected-date.messages.ts';
import { personalDataMessages } from './personal-data/personal-data.messages.ts';
import { siteFrameMessages } from './site/frame.messages.ts';
import { insightMessages } from './insight/insight.messages.ts';
import { walletMessages } from './wallet/wallet.messages.ts';
import { privacyMessages } from './privacy/privacy.messages.ts';
import { feedbackMessages } from './feedback/feedback.messages.ts';
import { fixesMessages } from './platform/fixes.messages.ts';
import { callsMessages } from './calls/calls.messages.ts';

export const catalogues = {
  portal: portalMessages,
  sitePages: sitePagesMessages,
  identity: identityMessages,
  submissions: submissionsMessages,
  acting: actingMessages,
  waitingRoom: waitingRoomMessages,
  payments: paymentsMessages,
  notifications: notificationsMessages,
  backoffice: backofficeMessages,
  officePayments: officePaymentsMessages,
  kinds: kindsMessages,
  roles: rolesMessages,
  staffRoles: staffRolesMessages,
  staffAlerts: staffAlertsMessages,
  casePage: casePageMessages,
  worklists: worklistsMessages,
  admin: adminMessages,
  delegations: delegationsMessages,
  companies: companiesMessages,
  helpDesk: helpDeskMessages,
  documents: documentsMessages,
  api: apiMessages,
  prefill: prefillMessages,
  domicile: domicileMessages,
  protocol: protocolMessages,
  previewChecks: previewChecksMessages,
  signatures: signaturesMessages,
  anonymous: anonymousMessages,
  places: placesMessages,
  logicBuilder: logicBuilderMessages,
  journeyFields: journeyFieldsMessages,
  fieldExtras: fieldExtrasMessages,
  appointments: appointmentsMessages,
  expectedDate: expectedDateMessages,
  personalData: personalDataMessages,
  siteFrame: siteFrameMessages,
  insight: insightMessages,
  wallet: walletMessages,
  privacy: privacyMessages,
  feedback: feedbackMessages,
  fixes: fixesMessages,
  calls: callsMessages,
};

export type MessageKey = KeysOf<typeof catalogues>;

export const messages = assembleCatalogues(catalogues);
