// buildApp: the whole portal as a Fastify instance, without listening. The platform plugins
// first (config, database, views, security, errors, assets), then the services, then each
// domain's routes. server.ts listens; tests build the same app and close it.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import catalogueApi from './catalogue/catalogue.api.ts';
import catalogueRoutes from './catalogue/catalogue.routes.ts';
import pageCache from './catalogue/page-cache.ts';
import { syncSeedCatalogue } from './catalogue/catalogue.service.ts';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import assets, { unloggedRequest } from './platform/assets.ts';
import database from './platform/database.ts';
import errors from './platform/errors.ts';
import health from './platform/health.ts';
import input from './platform/input.ts';
import { loggerOptions as processLoggerOptions } from './platform/logger.ts';
import metrics, { overloadPage } from './platform/metrics.ts';
import security from './platform/security.ts';
import views from './platform/views.ts';
import services from './services.ts';
import siteRoutes from './site/site.routes.ts';
import identity from './identity/identity.plugin.ts';
import identityRoutes from './identity/identity.routes.ts';
import type { Clock } from './platform/time.ts';
import submissionsRoutes from './submissions/submissions.routes.ts';
import multipart from '@fastify/multipart';
import { busboyLimits, DEFAULT_LIMITS } from './platform/multipart.ts';
import paymentsJobs from './payments/payments.jobs.ts';
import paymentsRoutes, { paymentsAreaTab } from './payments/payments.routes.ts';
import notifications from './notifications/notifications.plugin.ts';
import backoffice from './backoffice/backoffice.plugin.ts';
import documents from './documents/documents.plugin.ts';
import adminRoutes, { adminGuard } from './admin/admin.routes.ts';
import helpDeskRoutes from './representation/help-desk.routes.ts';
import jobs from './jobs.ts';
import representation from './representation/representation.plugin.ts';
import actingRoutes from './representation/acting.routes.ts';
import delegationsRoutes, { delegationsAreaSection } from './representation/delegations.routes.ts';
import companies from './representation/companies.plugin.ts';
import apiRoutes from './api/api.routes.ts';
import apiClientsRoutes from './api/clients.routes.ts';
import prefill from './prefill/prefill.plugin.ts';
import anonymousRoutes from './anonymous/anonymous.routes.ts';
import places from './places/places.plugin.ts';
import appointments from './appointments/appointments.plugin.ts';
import personalDataRoutes, { personalDataAreaSection } from './personal-data/personal-data.routes.ts';
import insightRoutes from './insight/insight.routes.ts';
import wallet from './wallet/wallet.plugin.ts';
import privacy from './privacy/privacy.plugin.ts';
import feedback from './feedback/feedback.plugin.ts';
import callsRoutes from './calls/calls.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface AppOverrides {
  /** An already open database (tests share one per file); otherwise opened from config. */
  database?: DatabaseHandle;
  /** Skip migrations and the seed catalogue (a caller that has done them). */
  skipSetup?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** The time the session checks use (tests move it to expire sessions). */
  clock?: Clock;
}

/** Nothing personal in the logs (src/platform/logger.ts); none in tests. */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.env === 'test') return false;
  return processLoggerOptions(config);
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const handle = overrides.database ?? (await openDatabase(config.database));
  if (!overrides.skipSetup) {
    await migrate(handle);
    await syncSeedCatalogue(handle.db);
  }

  const app = Fastify({
    logger: overrides.logger ?? loggerOptions(config),
    logController: new LogController({ disableRequestLogging: unloggedRequest }),
    trustProxy: typeof config.trustProxy === 'boolean' ? config.trustProxy : [...config.trustProxy],
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.decorate('config', config);
  await app.register(fp(async () => {}, { name: 'config' }));
  await app.register(database, { handle, ownsHandle: !overrides.database });
  await app.register(cookie);
  // kept public pages are sent from here, before every other hook (src/catalogue/page-cache.ts)
  await app.register(pageCache);
  // the overload gates refuse before any other per-request work (src/platform/metrics.ts)
  await app.register(metrics);
  await app.register(formbody);
  // the bounds of every multipart body; each reader may set its own (src/platform/multipart.ts)
  await app.register(multipart, { limits: busboyLimits(DEFAULT_LIMITS), throwFileSizeLimit: false });
  await app.register(views);
  await app.register(security);
  await app.register(overloadPage);
  await app.register(errors);
  // a NUL byte in the query, the path or a body is a 400 before any route reads it
  await app.register(input);
  await app.register(assets);
  await app.register(health);
  // the time services read (tests move it instead of sleeping)
  await app.register(services, { clock: overrides.clock });
  // the session person (request.user) before any page; starts the test identity provider
  await app.register(identity, { clock: overrides.clock });
  // for whom the person acts (request.acting), checked against the registers on every request
  await app.register(representation, { registers: app.services.registers });
  // /admin answers 404 to anyone but an administrator, before the CSRF check (src/admin)
  await app.register(adminGuard);
  // outbox delivery (worker, stand-ins outside production), unread count, inbox and preferences
  await app.register(notifications);
  // "Deleghe" among the personal area's sections (before the area's pages)
  await app.register(delegationsAreaSection);
  // "I miei dati" among the personal area's sections (before the area's pages)
  await app.register(personalDataAreaSection);

  await app.register(catalogueRoutes);
  await app.register(catalogueApi);
  await app.register(siteRoutes);
  await app.register(paymentsRoutes);
  await app.register(paymentsAreaTab);
  // closes the payment provider when the app closes
  await app.register(paymentsJobs);
  await app.register(identityRoutes);
  await app.register(submissionsRoutes);
  // "per chi agisci": themselves, a company, a delegator, a professional's client
  await app.register(actingRoutes, { registers: app.services.registers });
  // the delegation register's pages: the person's delegations, the clerks' paper ones
  await app.register(delegationsRoutes);
  // the companies a person may act for, and their employees (src/representation)
  await app.register(companies);
  // clerks' queues and cases, the applicant's answers
  await app.register(backoffice);
  // document templates (administrators) and the documents clerks send on cases
  await app.register(documents);
  // administrators: procedure builder, versions, offices, staff (404 to anyone else)
  await app.register(adminRoutes);
  // the help desks' operators: assisted sessions for the people at the desk, and the statistics
  await app.register(helpDeskRoutes);
  // the API for back-office systems and the OpenAPI document of /api/v1 (src/api)
  await app.register(apiRoutes, { prefix: '/api/v1' });
  // its clients, webhooks and delivery log, for administrators (/admin/api/clienti)
  await app.register(apiClientsRoutes);
  // the comune's street list (stradario) in the administration (src/places)
  await app.register(places);
  // the registers that prefill forms: starts the ANPR/INPS stand-in outside production (src/prefill)
  await app.register(prefill);
  // filing without login: the e-mail confirmation, the tracking link (src/anonymous)
  await app.register(anonymousRoutes);
  // booking calendars, the time chosen in the journey, the person's booking, the office's day list (src/appointments)
  await app.register(appointments);
  // "I miei dati": what the comune holds about the person, its download and the deletion of optional contacts (src/personal-data)
  await app.register(personalDataRoutes);
  // service insight: where people stop, which answers are refused, time to complete (src/insight)
  await app.register(insightRoutes);
  // the document wallet: "Documenti" in the personal area, kept documents offered again in file fields (src/wallet)
  await app.register(wallet);
  // retention, legal holds, records of processing, privacy notices (src/privacy)
  await app.register(privacy);
  // the page rating on every page, the rating after the outcome, the public figures (src/feedback)
  await app.register(feedback);
  // calls for grants: the published ranking and its CSV (src/calls)
  await app.register(callsRoutes);
  // every background job (src/jobs.ts): started when the app is ready, stopped before it closes
  await app.register(jobs);
  return app;
}
