// The one services object routes call: each domain's service, built over the same database.
// Tests build the same object through buildApp; nothing here is mocked.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createAdminService } from './admin/admin.service.ts';
import { createCatalogueService } from './catalogue/catalogue.service.ts';
import type { DB } from './db/database.ts';
import type { Config } from './config.ts';
import { createIdentityService } from './identity/identity.service.ts';
import { createNotificationsService } from './notifications/notifications.service.ts';
import { enqueueReceivedNotices, registerReceiptAttachment } from './submissions/received-notice.ts';
import { feesOnFiling } from './submissions/fees-hook.ts';
import { createStorage } from './submissions/storage-choice.ts';
import { createSubmissionsService, filingReceipt, handOverAssistedDrafts, type FilingHooks } from './submissions/submissions.service.ts';
import { filingLocaleOf } from './submissions/submissions.service.ts';
import { createPaymentsService } from './payments/payments.service.ts';
import { createBackofficeService } from './backoffice/backoffice.service.ts';
import { createStaffAlertsService } from './backoffice/staff-alerts.service.ts';
import type { EventLog } from './platform/logger.ts';
import { systemClock, type Clock } from './platform/time.ts';
import { countFilingsSince } from './submissions/intake.ts';
import type { Registers } from './representation/acting-resolver.ts';
import { createDelegationsService } from './representation/delegations.service.ts';
import { recordActsUnderDelegation } from './representation/acting-hooks.ts';
import { createCompaniesService } from './representation/companies.service.ts';
import { openCompanyRegistry } from './representation/company-registry.ts';
import { createHelpDeskService } from './representation/help-desk.service.ts';
import { createDocumentsService } from './documents/documents.service.ts';
import { createApiService } from './api/api.service.ts';
import { openRegisters } from './prefill/registers.ts';
import { createPrefillService } from './prefill/prefill.service.ts';
import { createPlacesService } from './places/places.service.ts';
import { openProtocolRegistry } from './protocol/registry-choice.ts';
import { createAnonymousService } from './anonymous/anonymous.service.ts';
import { createAppointmentsService } from './appointments/appointments.service.ts';
import { createCalendarsService } from './appointments/calendars.service.ts';
import { createInsightService } from './insight/insight.service.ts';
import { createWalletService } from './wallet/wallet.service.ts';
import { savedFilesOf } from './wallet/wallet-offers.ts';
import { createPrivacyService } from './privacy/privacy.service.ts';
import { createFeedbackService } from './feedback/feedback.service.ts';
import { createCallsService } from './calls/calls.service.ts';

/** Async: the payment provider's modules are loaded when chosen (the sandbox only outside production). */
export async function createServices(db: DB, config: Config, clock: Clock = systemClock, log?: EventLog) {
  // the local disk or an S3-compatible store, as configured (STORAGE)
  const storage = createStorage(config.storage);
  // a filing's "received" message is written when it gets its protocol number
  // by the registry PROTOCOL_REGISTRY names: the built-in register (default) or the comune's (src/protocol)
  const protocolRegistry = await openProtocolRegistry(db, config, { clock, onNumbered: enqueueReceivedNotices, log });
  const registrar = protocolRegistry.registry.registrar;
  registerReceiptAttachment(config);
  // what other domains do inside the filing transaction (routing, outbox, fees), in order
  const filingHooks: FilingHooks = { stored: [], filed: [] };
  const payments = await createPaymentsService(db, config, { clock, log });
  const backoffice = createBackofficeService(db, { storage, dueSoonDays: config.backoffice.dueSoonDays, clock, payments, receipt: (id, locale) => filingReceipt(db, config, id, locale) });
  // the case in the routed office's queue, with the first event of its log
  filingHooks.filed.push(backoffice.onFiled);
  // the fees to pay online become a payment position with the filing
  filingHooks.stored.push(feesOnFiling(payments));
  // the delegation register: who may act for whom; every filing made under a delegation is
  // recorded in its history, in the filing transaction
  const delegations = createDelegationsService(db, { clock, storage });
  filingHooks.stored.push(recordActsUnderDelegation(delegations));
  // the registers that prefill forms (ANPR, INPS through PDND; the stand-in is started by the portal: src/prefill/prefill.plugin.ts)
  const stateRegisters = openRegisters(config.registers, { clock, production: config.env === 'production' });
  const prefill = createPrefillService(db, { registers: stateRegisters, clock, log });
  filingHooks.stored.push(prefill.onStored);
  // the comune's street list (src/places), which street fields are checked against
  const places = createPlacesService(db, { clock });
  // the time held in the journey of a procedure that books on a calendar becomes the request's booking (src/appointments)
  const appointments = createAppointmentsService(db, { clock });
  filingHooks.stored.push(appointments.onStored);
  // calls for grants: one application per person, the budget, the reserve list (src/calls);
  // a case closed as withdrawn or rejected moves the reserve list up
  const calls = createCallsService(db, { clock });
  filingHooks.stored.push(calls.onStored);
  // ... and a person who already applied is told so when they begin another application
  (filingHooks.beginning ??= []).push(calls.onBeginning);
  backoffice.onCaseClosed(calls.onCaseClosed);
  // service insight (src/insight): the journey's pages, refusals, filings and expired drafts, counted without identifiers
  const insight = createInsightService(db, { clock, config: config.insight });
  const submissions = createSubmissionsService(db, { storage, config, hooks: filingHooks, onNumbered: enqueueReceivedNotices, registry: protocolRegistry.registry, clock, coveringDelegation: delegations.coveringDelegation, prefill, streets: places.streets, observer: insight.observer });
  // fees paid before submission: the filing held for them is filed when the payment is
  // settled, also when the payment arrives after the notice expired (the money was taken);
  // it lapses when the notice expires unpaid
  payments.onSettledInTransaction(async (trx, settled) => {
    if (settled.submissionId === null) return false;
    if (settled.to === 'paid') return submissions.releaseAfterPayment(trx, settled.submissionId);
    await submissions.lapseAfterExpiry(trx, settled.submissionId);
    return false;
  });
  // the payment's messages in the language of its filing
  payments.useFilingLocale((trx, submissionId) => filingLocaleOf(trx, submissionId));
  payments.onChange((change) => {
    if (change.to === 'paid' && change.submissionId !== null) return registrar.flush();
  });
  // the company register (the stand-in is started by the portal only: src/representation/companies.plugin.ts)
  const companyRegistry = openCompanyRegistry(config.companies, { clock, log, production: config.env === 'production' });
  const companies = createCompaniesService(db, { clock, registry: companyRegistry.registry, cacheSeconds: config.companies.cacheSeconds, log });
  // the three registers that let a person act for another (src/representation/registers.ts)
  const helpDesk = createHelpDeskService(db, { config, clock, draftHandover: async (trx, handover) => void (await handOverAssistedDrafts(trx, handover)) });
  const registers: Registers = { delegations, companies, assisted: helpDesk };
  // templates and the documents the offices send, numbered as outgoing in the protocol register
  const documents = createDocumentsService(db, { clock, storage, config, backoffice, registerOutgoing: submissions.registerOutgoing, numberOutgoing: submissions.numberOutgoing });
  // the person's kept documents, offered again in file fields (src/wallet)
  const wallet = createWalletService(db, { storage, submissions, clock });
  submissions.useSavedFiles(savedFilesOf(db, wallet));
  return {
    registers,
    documents,
    catalogue: createCatalogueService(db, countFilingsSince, clock),
    // procedure builder, versions, offices and staff (src/admin)
    admin: createAdminService(db, clock),
    payments,
    identity: createIdentityService(db, config, clock),
    notifications: createNotificationsService(db, config, clock),
    storage,
    registrar,
    filingHooks,
    submissions,
    backoffice,
    /** alerts to staff about their cases, made from the case log (src/backoffice/staff-alerts.service.ts) */
    staffAlerts: createStaffAlertsService(db, { clock }),
    /** the delegation register: who may act for whom (src/representation) */
    delegations,
    /** the companies a person may act for, and their employees (src/representation) */
    companies,
    companyRegistry,
    // the help desk's assisted sessions (the AssistedSessions register), receipts and statistics
    helpDesk,
    /** the registers that prefill forms, and the prefilled answers (src/prefill) */
    stateRegisters,
    prefill,
    /** The time every service was given; plugins that work in the background take it too. */
    clock,
    /** the API for back-office systems: clients, tokens, webhooks (src/api) */
    api: createApiService(db, { clock, config, backoffice }),
    /** who numbers filings, and the external registry's queue when there is one (src/protocol) */
    protocolRegistry,
    /** filing without login: pending filings, their confirmation and tracking (src/anonymous) */
    anonymous: createAnonymousService(db, { config, clock, submissions }),
    /** the comune's street list (stradario) for street fields (src/places) */
    places,
    /** booking calendars, slots and bookings (src/appointments) */
    appointments,
    calendars: createCalendarsService(db, { clock }),
    /** service insight: daily counters of the journey without identifiers, and the funnel pages (src/insight) */
    insight,
    /** the document wallet: a person's kept documents (src/wallet) */
    wallet,
    /** retention of filings, legal holds, records of processing and privacy notices (src/privacy) */
    privacy: createPrivacyService(db, { clock, storage, config }),
    /** satisfaction as daily counts: page ratings, the rating after the outcome, the public figures (src/feedback) */
    feedback: createFeedbackService(db, { clock, backoffice }),
    /** calls for grants: applications, ranking, reserve list, published ranking (src/calls) */
    calls,
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async (app: FastifyInstance, options: { clock?: Clock }) => {
    const services = await createServices(app.db, app.config, options.clock, app.log);
    app.decorate('services', services);
    // the protocol registry stand-in, when it is the one configured (never in production)
    await services.protocolRegistry.start();
    const protocolStandIn = services.protocolRegistry.standInUrl();
    if (protocolStandIn) app.log.info({ url: protocolStandIn }, 'protocol registry stand-in listening (not for production)');
    // the registrar's safety net and the draft purge are scheduled in src/jobs.ts
    app.addHook('onClose', async () => {
      await services.registrar.stop();
      await services.storage.close();
      await services.protocolRegistry.close();
    });
  },
  { name: 'services', dependencies: ['database', 'config'] },
);
