// The API for back-office systems as the services object holds it: the clients (credentials,
// tokens, the administrator's changes) and the webhooks (subscriptions, the job, deliveries).
// What the API does to cases it asks the back-office service (src/backoffice/integration.service.ts
// for reads, the clerks' actions for changes), acting as the client (clients.service.ts actorOf).
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import type { BackofficeService } from '../backoffice/backoffice.service.ts';
import { createClientsService } from './clients.service.ts';
import { createWebhooksService } from './webhooks.service.ts';

export function createApiService(db: DB, options: { clock: Clock; config: Config; backoffice: BackofficeService }) {
  const { clock, config } = options;
  return {
    clients: createClientsService(db, { clock, tokenTtlSeconds: config.api.tokenTtlSeconds, secretGraceHours: config.api.secretGraceHours, defaultRateLimit: config.api.defaultRateLimit }),
    webhooks: createWebhooksService(db, { clock, backoffice: options.backoffice, baseUrl: config.baseUrl, timeoutMs: config.api.webhooksTimeoutMs, allowPrivate: config.api.webhooksAllowPrivate }),
  };
}

export type ApiService = ReturnType<typeof createApiService>;
