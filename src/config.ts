// The portal's configuration: one zod schema over the environment, parsed once at boot into a
// typed, frozen Config. Every key is described here and in .env.example; keys that production
// requires are enforced before anything starts.
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { identityConfig, type IdentityConfig } from './identity/identity.config.ts';
import { companiesConfig, type CompaniesConfig } from './representation/companies.config.ts';
import { registersConfig, type RegistersConfig } from './prefill/registers.config.ts';
import { domicileConfig, type DomicileConfig } from './domicile/domicile.config.ts';
import { anonymousConfig, type AnonymousConfig } from './anonymous/anonymous.config.ts';
import { insightConfig, insightEnv, type InsightConfig } from './insight/insight.config.ts';
import { privacyConfig, privacyEnv, type PrivacyConfig } from './privacy/privacy.config.ts';
import { apiConfig, type ApiConfig } from './api/api.config.ts';
import { EXAMPLE_PLACEHOLDERS } from './config.placeholders.ts';
import type { NotificationsConfig, PaymentsConfig, StorageConfig } from './config.parts.ts';
import { protocolRegistryConfig, type ProtocolRegistryConfig } from './protocol/registry.config.ts';
import { signaturesConfig, type SignaturesConfig } from './submissions/signatures/signatures.config.ts';
import { siteConfig, siteEnvSchema, type SiteConfig } from './site/site.config.ts';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('production refuses test providers and missing secrets'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('127.0.0.1').describe('interface to listen on'),
  BASE_URL: z.string().url().optional().describe('public URL of the portal, e.g. https://sportello.comune.example.it'),
  DATABASE_URL: z.string().optional().describe('PostgreSQL URL; unset: embedded PGlite in DATA_DIR'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('connections in the pool'),
  DATA_DIR: z.string().default('./data').describe('PGlite data and local file storage'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_KEY: z.string().optional().describe('32+ byte secret (hex or base64) that seals session cookies; required in production'),
  COMUNE_NAME: z.string().default('Comune di Esempio').describe('name shown in the header'),
  COMUNE_REGION: z.string().default('Regione Emilia-Romagna').describe('region shown above the header'),
  TRUST_PROXY: z.string().default('false').describe('the reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs (e.g. 172.30.0.10 or 10.0.0.0/8; also loopback, linklocal, uniquelocal); false: none; true: anyone, unsafe (any client names its own address), refused in production'),
  // metrics (src/platform/metrics.ts, docs/operations.md): never public in production by default
  METRICS_TOKEN: z.string().min(32, 'at least 32 characters').optional().describe('bearer token that /metrics on the public port asks for (Authorization: Bearer ...); unset: /metrics answers 404 there in production, and is open outside production'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('a port of its own serving only /metrics, without a token, e.g. 9464 (unset: none; 0: any free port, tests)'),
  METRICS_HOST: z.string().optional().describe('interface of the metrics port (default HOST); keep it on an internal network'),
  // overload protection (src/platform/metrics.ts)
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).optional().describe('event-loop delay past which requests get 503 (0: off; default 1000, off in tests, whose timing is the test machine\'s)'),
  OVERLOAD_MAX_POOL_WAITING: z.coerce.number().int().min(0).default(200).describe('requests waiting for a database connection past which new ones get 503'),
  OVERLOAD_MAX_FILINGS_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional().describe('filings processed at once by one portal process; beyond, 503 at once (default: 3 x DATABASE_POOL_SIZE)'),
  OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(600).default(5).describe('Retry-After sent with 503'),
  // submissions (src/submissions): drafts, attachments, the protocol register
  DRAFT_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30).describe('days a draft is kept after its last change'),
  PROTOCOL_ADMINISTRATION_CODE: z.string().min(1).default('c_x000').describe('IPA code of the comune (CodiceAmministrazione of the segnatura)'),
  PROTOCOL_AOO_CODE: z.string().min(1).default('AOO_01').describe('code of the homogeneous organisational area (CodiceAOO)'),
  PROTOCOL_REGISTER_CODE: z.string().min(1).default('REG_UFF').describe('code of the protocol register (CodiceRegistro)'),
  PROTOCOL_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('how often the protocol registrar numbers filings it was not told about'),
  // file storage (src/submissions/storage.ts): attachments on the local disk or in an S3-compatible store
  STORAGE: z.enum(['disk', 's3']).default('disk').describe('disk: attachments under DATA_DIR/files (one machine); s3: an S3-compatible object store that several portal processes share'),
  S3_ENDPOINT: z.string().url().optional().describe('URL of the S3-compatible server, e.g. https://minio.comune.example.it:9000; unset: Amazon S3 in S3_REGION'),
  S3_BUCKET: z.string().min(3).optional().describe('bucket of the attachments (required with STORAGE=s3); it must exist'),
  S3_REGION: z.string().min(1).default('us-east-1').describe('region of the bucket (S3-compatible servers mostly take any)'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('access key; unset: the AWS SDK\'s own chain (AWS_ACCESS_KEY_ID, the instance\'s role)'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('secret of S3_ACCESS_KEY_ID'),
  S3_FORCE_PATH_STYLE: bool.default('false').describe('bucket in the path (http://host/bucket/key), as MinIO and most S3-compatible servers want; false: in the host name'),
  WAITING_ROOM_PROCEDURES: z.string().default('').describe('comma-separated slugs of procedures whose applications begin through the waiting room (a click day)'),
  WAITING_ROOM_RATE: z.coerce.number().min(0.1).max(100_000).default(20).describe('people the waiting room lets in per second, all portal processes together'),
  SUBMIT_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10).describe('filings one person may send per minute, all portal processes together (a resend of a key already filed does not count; beyond: 429 with Retry-After)'),
  // identity (src/identity, docs/identity.md): OpenID Connect login with SPID/CIE, sessions
  OIDC_PROVIDERS: z.string().optional().describe('JSON list of OpenID providers: [{"id","kind":"spid"|"cie"|"oidc","issuer","clientId","label"?:{it,en},"signedRequest"?,"scope"?,"acrValues"?:{"1","2","3"}}] (docs/identity.md)'),
  SPID_ISSUER: z.string().url().optional().describe('issuer URL of the SPID OpenID provider (or the aggregator) the portal trusts'),
  SPID_CLIENT_ID: z.string().optional().describe('the portal\'s client_id at the SPID provider (in the federation, its entity URL)'),
  CIE_ISSUER: z.string().url().optional().describe('issuer URL of the CIE OpenID provider, e.g. https://oidc.idserver.servizicie.interno.gov.it'),
  CIE_CLIENT_ID: z.string().optional().describe('the portal\'s client_id at the CIE provider'),
  OIDC_PRIVATE_JWK: z.string().optional().describe('the portal\'s private signing key as a JWK or JWK set (JSON), for private_key_jwt and signed requests; required in production'),
  OIDC_PRIVATE_JWK_FILE: z.string().optional().describe('a file holding OIDC_PRIVATE_JWK (alternative to the variable)'),
  TEST_IDP_ENABLED: bool.optional().describe('run the bundled test identity provider (default: on outside production; refused in production)'),
  TEST_IDP_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the test identity provider (default PORT+1; tests: 0, any free port)'),
  TEST_IDP_URL: z.string().url().optional().describe('public URL of the test identity provider when not http://HOST:TEST_IDP_PORT'),
  TEST_IDP_CLIENT_AUTH: z.enum(['private_key_jwt', 'client_secret_basic']).default('private_key_jwt').describe('how the portal authenticates to the test provider'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30).describe('a session unused this long ends'),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(12).describe('a session ends this long after login, used or not'),
  SESSION_REVOCATION_POLL_SECONDS: z.coerce.number().int().min(0).max(300).optional().describe('how often each portal process reads the sessions ended elsewhere (logout, log out everywhere, deactivation) by the other replicas (default 5; 0: only at start; tests: 0)'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).optional().describe('login and callback requests per minute from one address (default 30; tests: 10000)'),
  // the SPID/CIE OpenID federation (src/identity/federation, docs/identity.md#the-spidcie-openid-federation)
  OIDC_MODE: z.enum(['federation', 'oidc']).optional().describe('federation: SPID/CIE providers from the trust anchors\' lists, through trust chains (default when FEDERATION_TRUST_ANCHORS is set, and with the bundled test federation outside tests); oidc: plain OpenID providers (SPID_ISSUER, CIE_ISSUER, OIDC_PROVIDERS; aggregators)'),
  FEDERATION_TRUST_ANCHORS: z.string().optional().describe('JSON list of trust anchors: [{"kind":"spid"|"cie","entityId":"https://registry.spid.gov.it","jwks":{"keys":[...]}}], their federation keys pinned; unset outside production: the bundled test federation'),
  FEDERATION_AUTHORITY_HINTS: z.string().optional().describe('comma-separated entity ids of the portal\'s superiors (an intermediate, e.g. the aggregator or the region); default the trust anchors'),
  FEDERATION_PRIVATE_JWK: z.string().optional().describe('the portal\'s private federation key(s) as a JWK or JWK set (signs its entity configuration; not the OIDC key); required in production with OIDC_MODE=federation'),
  FEDERATION_PRIVATE_JWK_FILE: z.string().optional().describe('a file holding FEDERATION_PRIVATE_JWK'),
  OIDC_ENCRYPTION_JWK: z.string().optional().describe('the portal\'s private RSA key (JWK) providers encrypt userinfo with (RSA-OAEP-256); required in production with OIDC_MODE=federation'),
  FEDERATION_TRUST_MARKS: z.string().optional().describe('JSON list of the trust marks the portal was issued: [{"id","trust_mark"}], published in its entity configuration'),
  FEDERATION_CONTACTS: z.string().optional().describe('comma-separated contact e-mail addresses published in the entity configuration'),
  FEDERATION_POLICY_URI: z.string().url().optional().describe('the privacy policy page published in the entity configuration (default BASE_URL/privacy)'),
  // notifications (src/notifications): e-mail over SMTP, App IO, the outbox worker
  EMAIL_CHANGE_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(5).describe('e-mail address changes one person may ask for per hour (each sends a confirmation mail to the new address; beyond: 429)'),
  SMTP_URL: z.string().url().optional().describe('SMTP server as a URL, e.g. smtps://user:pass@smtp.example.it:465; unset (outside production): the development mail server in process'),
  SMTP_HOST: z.string().optional().describe('SMTP server host (alternative to SMTP_URL)'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587).describe('SMTP server port'),
  SMTP_SECURE: bool.default('false').describe('TLS from the start (port 465); otherwise STARTTLS when offered'),
  SMTP_USER: z.string().optional().describe('SMTP user'),
  SMTP_PASS: z.string().optional().describe('SMTP password'),
  MAIL_FROM: z.string().optional().describe('sender of the portal\'s e-mail, e.g. "Comune di Esempio" <noreply@comune.example.it>; required in production'),
  IO_ENABLED: bool.optional().describe('send App IO messages (default: on outside production, to the local stand-in; off in production unless set)'),
  IO_API_URL: z.string().url().optional().describe('App IO Services API base, https://api.io.pagopa.it/api/v1; unset (outside production): the local stand-in'),
  IO_API_KEY: z.string().optional().describe('App IO subscription key of the comune\'s service (Ocp-Apim-Subscription-Key)'),
  NOTIFICATIONS_WORKER: bool.optional().describe('deliver notifications inside the portal process (default on, off in tests); off when `npm run worker` runs apart'),
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2000).describe('how often the notification worker looks for due messages'),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8).describe('attempts before a notification is dead-lettered'),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(1).max(86_400_000).default(30_000).describe('first retry delay; doubles at each attempt, up to 6 hours'),
  DEV_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the development mail server (default 2525; 0: any free port; tests: 0)'),
  DEV_IO_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the local App IO stand-in (default 2580; 0: any free port; tests: 0)'),
  // payments (src/payments, docs/payments.md)
  PAYMENTS_PROVIDER: z.enum(['sandbox', 'pagopa']).default('sandbox').describe('sandbox: the built-in test payment provider (refused in production); pagopa: GPD and Checkout'),
  CREDITOR_FISCAL_CODE: z.string().regex(/^[0-9]{11}$/, 'the comune\'s fiscal code: 11 digits').default('00085240950').describe('fiscal code of the comune, the creditor of every payment position'),
  PAGOPA_SEGREGATION_CODE: z.string().regex(/^[0-9]{2}$/, 'two digits').default('02').describe('segregation code given by the pagoPA intermediary: digits 2-3 of every aux-3 notice number (02 is a placeholder)'),
  PAGOPA_GPD_URL: z.string().url().optional().describe('base URL of the pagoPA platform APIs for GPD, e.g. https://api.uat.platform.pagopa.it (test) or https://api.platform.pagopa.it'),
  PAGOPA_CHECKOUT_URL: z.string().url().optional().describe('base URL of the pagoPA Checkout API for carts, e.g. https://api.uat.platform.pagopa.it'),
  PAGOPA_SUBSCRIPTION_KEY: z.string().optional().describe('Ocp-Apim-Subscription-Key for GPD (and for Checkout unless PAGOPA_CHECKOUT_SUBSCRIPTION_KEY is set)'),
  PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: z.string().optional().describe('Ocp-Apim-Subscription-Key for the Checkout API, when it differs from the GPD one'),
  PAGOPA_IBAN: z.string().regex(/^IT[0-9]{2}[A-Z][0-9]{10}[A-Z0-9]{12}$/, 'an Italian IBAN without spaces').optional().describe('IBAN of the comune\'s treasury account credited by each transfer (pagopa provider)'),
  PAGOPA_DEFAULT_TAXONOMY_CODE: z.string().regex(/^[0-9]{7}(IM|TS|SP|SA|AP)$/, 'a pagoPA taxonomy code, like 0101108TS').default('0101108TS').describe('pagoPA taxonomy code of a clerk\'s payment request when neither the clerk nor the procedure\'s fees give one (pagoPA requires one on every transfer; ask the accounting office)'),
  PAYMENTS_CALLBACK_SECRET: z.string().min(32, 'at least 32 characters').optional().describe('shared secret that signs provider notifications (HMAC-SHA256); required in production'),
  PAYMENTS_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional().describe('how often pending payments are checked with the provider (default 300; 0: never; tests: 0)'),
  // back office (src/backoffice, docs/backoffice.md): the daily deadline job, the queue's bands
  DEADLINE_JOB_ENABLED: bool.optional().describe('run the daily deadline job in this process (default on, off in tests); it is safe to run in several'),
  DEADLINE_JOB_HOUR: z.coerce.number().int().min(0).max(23).default(1).describe('hour of the day (Rome time) of the deadline job: flags filings at their deadline, closes silence-consent ones'),
  OFFICE_MESSAGE_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20).describe('messages and answers one person may send to the offices per hour (beyond: 429)'),
  DEADLINE_DUE_SOON_DAYS: z.coerce.number().int().min(1).max(60).default(5).describe('a deadline within this many days is highlighted as due soon'),
  // company roles (src/representation, docs/companies.md): the company register, through PDND
  COMPANY_REGISTRY: z.enum(['stand-in', 'pdnd', 'none']).optional().describe('the company register asked who represents a company: stand-in (test companies; default outside production, refused in production), pdnd (the national register through PDND) or none (identity claims and authorisations only; default in production)'),
  COMPANY_REGISTRY_URL: z.string().url().optional().describe('pdnd: base URL of the register\'s e-service (from its PDND catalogue descriptor); stand-in: a stand-in running elsewhere (unset: started in process)'),
  COMPANY_REGISTRY_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600).describe('seconds an answer of the register is reused (and used while the register is unreachable)'),
  COMPANY_REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000).describe('how long a call to the register (or to the PDND voucher endpoint) may take'),
  DEV_COMPANY_REGISTRY_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the in-process company register stand-in (default 2590; 0: any free port; tests: 0)'),
  PDND_VOUCHER_URL: z.string().url().optional().describe('PDND\'s token endpoint, e.g. https://auth.interop.pagopa.it/token.oauth2 (test: https://auth.uat.interop.pagopa.it/token.oauth2)'),
  PDND_AUDIENCE: z.string().min(1).default('auth.interop.pagopa.it/client-assertion').describe('aud of the client assertion, as the PDND back office shows it (test: auth.uat.interop.pagopa.it/client-assertion)'),
  PDND_CLIENT_ID: z.string().optional().describe('id of the comune\'s PDND e-service client'),
  PDND_KEY_ID: z.string().optional().describe('kid PDND gave the public key uploaded to that client'),
  PDND_PURPOSE_ID: z.string().optional().describe('id of the purpose (finalità) declared for the register\'s e-service'),
  PDND_PRIVATE_KEY: z.string().optional().describe('the client\'s RSA private key in PEM (newlines may be written \\n)'),
  PDND_PRIVATE_KEY_FILE: z.string().optional().describe('a file holding PDND_PRIVATE_KEY (alternative to the variable)'),
  // the API for back-office systems and its webhooks (src/api, docs/api.md)
  API_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600).describe('life of an access token issued at /api/v1/oauth/token (client credentials)'),
  API_SECRET_GRACE_HOURS: z.coerce.number().int().min(0).max(720).default(24).describe('hours a client\'s previous secret stays valid after a rotation, unless the administrator revokes it at once'),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120).describe('requests per minute a new API client may make (each client\'s own limit is set on its page)'),
  WEBHOOKS_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).optional().describe('how often the webhook job reads the case log and sends due deliveries (default 10; 0: never; tests: 0)'),
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000).describe('how long a webhook receiver may take to answer a delivery'),
  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: bool.optional().describe('production only: allow webhook URLs on private, loopback or link-local addresses (default off: refused, against SSRF)'),
  // prefill from the State's registers (src/prefill, docs/prefill.md): ANPR and INPS through PDND
  REGISTERS: z.enum(['stand-in', 'pdnd', 'none']).optional().describe('the registers that prefill forms: stand-in (test people\'s residence, household and ISEE; default outside production, refused in production), pdnd (ANPR and INPS through PDND, with the PDND_* client keys) or none (only the identity\'s data; default in production)'),
  REGISTERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000).describe('how long a call to ANPR or INPS (voucher included) may take before the field is left for the person to fill in'),
  DEV_REGISTERS_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the in-process ANPR/INPS stand-in (default 2640; 0: any free port; tests: 0)'),
  ANPR_URL: z.string().url().optional().describe('pdnd: base URL of ANPR\'s e-services (from their PDND catalogue descriptor)'),
  ANPR_PURPOSE_ID: z.string().optional().describe('pdnd: id of the purpose (finalità) declared for ANPR\'s e-services'),
  INPS_ISEE_URL: z.string().url().optional().describe('pdnd: base URL of INPS\'s ISEE e-service (from its PDND catalogue descriptor)'),
  INPS_ISEE_PURPOSE_ID: z.string().optional().describe('pdnd: id of the purpose (finalità) declared for INPS\'s ISEE e-service'),
  // digital domicile (src/domicile, docs/domicile.md): INAD and INI-PEC through PDND, the comune's PEC mailbox
  DOMICILE_REGISTRY: z.enum(['stand-in', 'pdnd', 'none']).optional().describe('where digital domiciles are looked up: stand-in (test people and companies; default outside production, refused in production), pdnd (INAD and INI-PEC through PDND, with the PDND_* client keys) or none (no PEC: legal notices by the other channels; default in production)'),
  INAD_URL: z.string().url().optional().describe('pdnd: base URL of INAD\'s extraction e-service, e.g. https://api.inad.gov.it/rest/inad/v1/domiciliodigitale'),
  INIPEC_URL: z.string().url().optional().describe('pdnd: base URL of INI-PEC\'s e-service (from its PDND catalogue descriptor)'),
  INAD_PDND_PURPOSE_ID: z.string().optional().describe('pdnd: id of the purpose (finalità) declared for INAD\'s e-service'),
  INIPEC_PDND_PURPOSE_ID: z.string().optional().describe('pdnd: id of the purpose (finalità) declared for INI-PEC\'s e-service'),
  DOMICILE_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300).describe('seconds a register\'s answer (an address or none) is reused for the next notice to the same person'),
  DOMICILE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000).describe('how long a look-up in INAD or INI-PEC may take'),
  DEV_DOMICILE_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the in-process INAD/INI-PEC stand-in (default 2630; 0: any free port; tests: 0)'),
  PEC_SMTP_URL: z.string().url().optional().describe('the comune\'s PEC mailbox, sending side, e.g. smtps://protocollo%40pec.comune.example.it:secret@smtps.pec.example.it:465 (unset outside production: the stand-in PEC provider)'),
  PEC_IMAP_URL: z.string().url().optional().describe('the same mailbox, reading side, where the provider puts the receipts, e.g. imaps://protocollo%40pec.comune.example.it:secret@imaps.pec.example.it:993'),
  PEC_FROM: z.string().optional().describe('the sender of PEC messages: the mailbox address, e.g. "Comune di Esempio" <protocollo@pec.comune.example.it>'),
  DEV_PEC_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('SMTP port of the stand-in PEC provider (default 2625; 0: any free port; tests: 0)'),
  DEV_PEC_IMAP_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('IMAP port of the stand-in PEC provider\'s mailbox (default 2643; 0: any free port; tests: 0)'),
  PEC_RECEIPTS_POLL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional().describe('how often the PEC receipts are read from the mailbox (default 60; 0: never in this process; tests: 0)'),
  // the protocol registry (src/protocol, docs/protocol.md): the built-in register or the comune's system
  PROTOCOL_REGISTRY: z.enum(['built-in', 'external', 'stand-in']).optional().describe('who numbers filings: built-in (the portal\'s own gapless register; the default in production and in tests), external (the comune\'s document-management system, through the segnatura; without PROTOCOL_REGISTRY_URL outside production: the stand-in) or stand-in (a local registry that speaks the segnatura, the default of `npm start` in development; refused in production)'),
  PROTOCOL_REGISTRY_URL: z.string().url().optional().describe('external: base URL of the registry (the portal POSTs segnature to <url>/registrazioni); stand-in: a stand-in running elsewhere (unset: started in process)'),
  PROTOCOL_REGISTRY_TOKEN: z.string().optional().describe('bearer token for the registry (alternative to user and password)'),
  PROTOCOL_REGISTRY_USER: z.string().optional().describe('basic-auth user for the registry'),
  PROTOCOL_REGISTRY_PASSWORD: z.string().optional().describe('basic-auth password for the registry'),
  PROTOCOL_REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000).describe('how long one registration call may take (then it is retried later)'),
  PROTOCOL_REGISTRY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000).describe('how often the registrations queue is worked'),
  PROTOCOL_REGISTRY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000).describe('wait before the first retry of a failed registration (doubles at each failure, up to an hour)'),
  PROTOCOL_REGISTRY_SENDER_REGISTER: z.string().regex(/^[A-Za-z0-9_.-]{1,14}$/).default('PORTALE').describe('CodiceRegistro of the portal\'s messages in the segnatura (their stable identifier: the registry dedupes on it)'),
  PROTOCOL_REGISTRY_CLASSIFICATION: z.string().min(1).default('1.1').describe('classification code (titolario, CodiceFlat) of every filing sent to the registry'),
  PROTOCOL_REGISTRY_CLASSIFICATION_NAME: z.string().min(1).default('Istanze presentate online').describe('name of that classification (Denominazione)'),
  PROTOCOL_REGISTRY_SIGNING_KEY: z.string().min(16).optional().describe('key of the HMAC that signs the segnatura (shared with the registry; required in production with external)'),
  DEV_PROTOCOL_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('port of the in-process protocol registry stand-in (default 2610; 0: any free port; tests: 0)'),
  // digital signatures on attachments (src/submissions/signatures, docs/signatures.md)
  SIGNATURE_TRUSTED_CAS: z.string().optional().describe('the CAs trusted for digitally signed attachments (.p7m, signed PDF): a PEM bundle, or a folder of .pem/.crt/.cer/.der certificates, read at boot; unset: no CA is trusted and every signature is marked "issuer not trusted" for the office to judge'),
  // filing without login (src/anonymous, docs/anonymous.md): abuse limits and the proof of work
  ANONYMOUS_LIMIT_ADDRESS_HOUR: z.coerce.number().int().min(1).max(1000).default(3).describe('filings without login (pending or confirmed) one e-mail address may make in an hour'),
  ANONYMOUS_LIMIT_ADDRESS_DAY: z.coerce.number().int().min(1).max(10_000).default(5).describe('the same in a day'),
  ANONYMOUS_LIMIT_NETWORK_HOUR: z.coerce.number().int().min(1).max(10_000).default(10).describe('filings without login one network (IPv4 /24, IPv6 /56) may make in an hour; halved without JavaScript'),
  ANONYMOUS_LIMIT_NETWORK_DAY: z.coerce.number().int().min(1).max(100_000).default(30).describe('the same in a day'),
  ANONYMOUS_POW_BITS: z.coerce.number().int().min(1).max(28).default(16).describe('difficulty of the proof of work asked before a filing without login: leading zero bits of SHA-256 (each bit doubles the work)'),
  ANONYMOUS_CONFIRM_HOURS: z.coerce.number().int().min(1).max(168).default(24).describe('hours the confirmation link of a filing without login works; unconfirmed filings then expire'),
  // the comune's institutional details around every page (src/site/site.config.ts, docs/site-structure.md)
  ...siteEnvSchema,
  ...insightEnv, // service insight (src/insight/insight.config.ts): INSIGHT_MIN_COUNT, INSIGHT_FLUSH_SECONDS
  // privacy over the life of the data: DPO_EMAIL, DPO_PEC, RETENTION_BATCH (src/privacy/privacy.config.ts, docs/retention.md)
  ...privacyEnv,
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly database: { readonly url: string | undefined; readonly poolSize: number; readonly dataDir: string };
  readonly dataDir: string;
  readonly logLevel: string;
  readonly sessionKey: Buffer;
  /** site: the comune's website links, contacts and legal pages in the menu and footer (src/site/site.config.ts) */
  readonly comune: { readonly name: string; readonly region: string; readonly site: SiteConfig };
  /** false, true (development only) or the proxies' addresses and CIDRs (Fastify's trustProxy). */
  readonly trustProxy: boolean | readonly string[];
  /** Cookies marked Secure unless the portal is served over plain local http. */
  readonly secureCookies: boolean;
  /** Who may read /metrics: on the public port (open, with the token, or not at all) and on a port of its own. */
  readonly metrics: { readonly publicRoute: 'open' | 'token' | 'off'; readonly token: string | null; readonly port: number | null; readonly host: string };
  readonly overload: { readonly maxEventLoopDelayMs: number; readonly maxPoolWaiting: number; readonly maxFilingsInFlight: number; readonly retryAfterSeconds: number };
  /** Drafts, attachments (stored under dataDir/files) and the protocol register's segnatura. */
  readonly submissions: {
    readonly draftDays: number;
    readonly filesDir: string;
    readonly protocolFlushMs: number;
    readonly rateLimitPerMinute: number;
    /** src/submissions/waiting-room.ts */
    readonly waitingRoom: { readonly slugs: readonly string[]; readonly ratePerSecond: number };
  };
  /** Where attachment bytes live (src/submissions/storage-choice.ts). */
  readonly storage: StorageConfig;
  readonly protocol: { readonly administrationCode: string; readonly aooCode: string; readonly registerCode: string };
  /** Login: OpenID providers, the portal's keys, the test provider, session limits. */
  readonly identity: IdentityConfig;
  readonly notifications: NotificationsConfig;
  readonly payments: PaymentsConfig;
  /** The daily deadline job and the queue's "due soon" band (src/backoffice). */
  readonly backoffice: { readonly deadlineJobEnabled: boolean; readonly deadlineJobHour: number; readonly dueSoonDays: number; readonly messagesPerHour: number };
  /** The company register and its cache (src/representation/companies.config.ts). */
  readonly companies: CompaniesConfig;
  /** The API for back-office systems and its webhooks (src/api). */
  readonly api: ApiConfig;
  /** The registers that prefill forms (src/prefill/registers.config.ts). */
  readonly registers: RegistersConfig;
  readonly domicile: DomicileConfig;
  /** Who numbers filings: the built-in register or an external registry (src/protocol/registry.config.ts). */
  readonly protocolRegistry: ProtocolRegistryConfig;
  /** The CAs trusted for signed attachments (src/submissions/signatures/signatures.config.ts). */
  readonly signatures: SignaturesConfig;
  /** Filing without login: abuse limits and the proof of work (src/anonymous/anonymous.config.ts). */
  readonly anonymous: AnonymousConfig;
  /** Service insight: the smallest count shown, how often counters are written (src/insight/insight.config.ts). */
  readonly insight: InsightConfig;
  readonly privacy: PrivacyConfig; // the DPO of the privacy notices, the retention job's batch (src/privacy)
}

export type { NotificationsConfig, PaymentsConfig, S3StorageConfig, StorageConfig } from './config.parts.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// A fixed key for development and tests only: production refuses to start without its own,
// and refuses this one however it is written (hex, base64, the text itself).
const DEVELOPMENT_SESSION_KEY = Buffer.from('sportello-development-session-key-not-secret!!', 'utf8').subarray(0, 32);
// development and tests only, refused in production like the key above
const DEVELOPMENT_PAYMENTS_SECRET = 'sportello-development-payments-secret-not-secret';

// the example values of .env.example, which production refuses
export { EXAMPLE_PLACEHOLDERS };

/** A key nobody would pick at random: one byte repeated, few distinct bytes, or a run (0, 1, 2...). */
function lowEntropy(key: Buffer): boolean {
  if (new Set(key).size < 12) return true;
  const step = (key[1]! - key[0]! + 256) % 256;
  return key.every((byte, i) => i === 0 || (byte - key[i - 1]! + 256) % 256 === step);
}

function isDevelopmentKey(value: string): boolean {
  const text = value.trim();
  const readings = [Buffer.from(text, 'utf8'), Buffer.from(text, 'base64'), Buffer.from(text, 'base64url')];
  if (/^[0-9a-f]+$/i.test(text)) readings.push(Buffer.from(text, 'hex'));
  return readings.some((bytes) => bytes.length >= 32 && bytes.subarray(0, 32).equals(DEVELOPMENT_SESSION_KEY));
}

/** What production refuses among the values given: development secrets, placeholders, plain http. */
function productionRefusals(environment: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const sessionKeyValue = environment.SESSION_KEY;
  if (sessionKeyValue && isDevelopmentKey(sessionKeyValue)) problems.push('SESSION_KEY is the development key of the repository: generate one (openssl rand -hex 32)');
  else if (sessionKeyValue && lowEntropy(decodeKey(sessionKeyValue))) problems.push('SESSION_KEY is not random (a repeated byte or a simple pattern): generate one (openssl rand -hex 32)');
  if (environment.PAYMENTS_CALLBACK_SECRET?.trim() === DEVELOPMENT_PAYMENTS_SECRET) problems.push('PAYMENTS_CALLBACK_SECRET is the development secret of the repository');
  for (const [key, fragment] of EXAMPLE_PLACEHOLDERS) {
    if (environment[key]?.includes(fragment)) problems.push(`${key} is the example value of .env.example`);
  }
  if (environment.BASE_URL && !environment.BASE_URL.startsWith('https://')) problems.push('BASE_URL must be an https:// URL (session cookies are sent over https only)');
  return problems;
}

function decodeKey(value: string): Buffer {
  const key = /^[0-9a-f]+$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length < 32) throw new ConfigError('SESSION_KEY must be at least 32 bytes (64 hex characters)');
  return key.subarray(0, 32);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: false, true, or a list of addresses and CIDRs (as proxy-addr reads them). */
function parseTrustProxy(value: string): boolean | readonly string[] {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (PROXY_NAMES.has(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0) throw new ConfigError(`Invalid configuration:\n  TRUST_PROXY: not an address or CIDR: ${bad.join(', ')} (expected e.g. 172.30.0.10 or 10.0.0.0/8, comma-separated)`);
  return Object.freeze(entries);
}

/** The settings the environment lacks for its mode (production needs its own of each). */
function missingSettings(env: z.output<typeof envSchema>, environment: Record<string, string | undefined>): string[] {
  const production = env.NODE_ENV === 'production';
  const missing: string[] = [];
  if (production && !env.SESSION_KEY) missing.push('SESSION_KEY');
  if (production && !env.BASE_URL) missing.push('BASE_URL');
  if (production && !env.SMTP_URL && !env.SMTP_HOST) missing.push('SMTP_URL or SMTP_HOST');
  if (production && !env.MAIL_FROM) missing.push('MAIL_FROM');
  if (production && env.IO_ENABLED && (!env.IO_API_URL || !env.IO_API_KEY)) missing.push('IO_API_URL and IO_API_KEY (or IO_ENABLED=false)');
  if (production && env.PAYMENTS_PROVIDER === 'sandbox') missing.push('PAYMENTS_PROVIDER=pagopa (the payment sandbox is for testing only)');
  if (production && !env.PAYMENTS_CALLBACK_SECRET) missing.push('PAYMENTS_CALLBACK_SECRET');
  if (production && parseTrustProxy(env.TRUST_PROXY) === true) missing.push('TRUST_PROXY as the proxy\'s addresses or CIDRs (true believes X-Forwarded-For from anyone: any client could name its own address and escape the rate limits)');
  if (env.PAYMENTS_PROVIDER === 'pagopa') {
    for (const key of ['PAGOPA_GPD_URL', 'PAGOPA_CHECKOUT_URL', 'PAGOPA_SUBSCRIPTION_KEY', 'PAGOPA_IBAN'] as const) if (!env[key]) missing.push(key);
    if (production && !environment.CREDITOR_FISCAL_CODE) missing.push('CREDITOR_FISCAL_CODE');
    if (production && !environment.PAGOPA_SEGREGATION_CODE) missing.push('PAGOPA_SEGREGATION_CODE');
  }
  if (env.STORAGE === 's3' && !env.S3_BUCKET) missing.push('S3_BUCKET (STORAGE=s3)');
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) missing.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together');
  return missing;
}

/** A part of the configuration checked by its domain: its settings, or the boot stops with its problems. */
function checkedPart<T>(production: boolean, checked: { config: T; problems: string[] }): T {
  if (checked.problems.length > 0) throw new ConfigError(`${production ? 'Production requires' : 'Invalid configuration'}: ${checked.problems.join('; ')}`);
  return checked.config;
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const missing = missingSettings(env, environment);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (missing.length > 0) throw new ConfigError(`${production ? 'Production requires' : 'Missing configuration'}: ${missing.join(', ')}`);
  const refused = production ? productionRefusals(environment) : [];
  if (refused.length > 0) throw new ConfigError(`Production refuses: ${refused.join('; ')}`);
  const sessionKey = env.SESSION_KEY ? decodeKey(env.SESSION_KEY) : null;
  // each part checks its own keys in its domain (x.config.ts); the first with problems stops the boot
  const part = <T>(checked: { config: T; problems: string[] }): T => checkedPart(production, checked);
  const identity = part(identityConfig(env));
  const companies = part(companiesConfig(env));
  const domicile = part(domicileConfig(env));
  const registers = part(registersConfig(env));
  const protocolRegistry = part(protocolRegistryConfig(env));
  const filesDir = env.DATA_DIR === 'memory://' ? path.join(tmpdir(), `sportello-files-${process.pid}`) : path.resolve(env.DATA_DIR, 'files');
  const baseUrl = (env.BASE_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    baseUrl,
    database: Object.freeze({ url: env.DATABASE_URL || undefined, poolSize: env.DATABASE_POOL_SIZE, dataDir: env.DATA_DIR }),
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    sessionKey: sessionKey ?? DEVELOPMENT_SESSION_KEY,
    comune: Object.freeze({ name: env.COMUNE_NAME, region: env.COMUNE_REGION, site: siteConfig(env) }),
    trustProxy,
    secureCookies: baseUrl.startsWith('https://'),
    metrics: Object.freeze({
      publicRoute: env.METRICS_TOKEN ? 'token' : production ? 'off' : 'open',
      token: env.METRICS_TOKEN ?? null,
      port: env.METRICS_PORT ?? null,
      host: env.METRICS_HOST ?? env.HOST,
    }),
    overload: Object.freeze({
      maxEventLoopDelayMs: env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS ?? (env.NODE_ENV === 'test' ? 0 : 1000),
      maxPoolWaiting: env.OVERLOAD_MAX_POOL_WAITING,
      maxFilingsInFlight: env.OVERLOAD_MAX_FILINGS_IN_FLIGHT ?? 3 * env.DATABASE_POOL_SIZE,
      retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS,
    }),
    submissions: Object.freeze({
      draftDays: env.DRAFT_EXPIRY_DAYS,
      filesDir,
      protocolFlushMs: env.PROTOCOL_FLUSH_MS,
      rateLimitPerMinute: env.SUBMIT_RATE_LIMIT,
      waitingRoom: Object.freeze({
        slugs: Object.freeze(env.WAITING_ROOM_PROCEDURES.split(',').map((s) => s.trim()).filter(Boolean)),
        ratePerSecond: env.WAITING_ROOM_RATE,
      }),
    }),
    storage: Object.freeze(
      env.STORAGE === 's3'
        ? {
            kind: 's3' as const,
            endpoint: env.S3_ENDPOINT ?? null,
            bucket: env.S3_BUCKET!,
            region: env.S3_REGION,
            accessKeyId: env.S3_ACCESS_KEY_ID ?? null,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? null,
            forcePathStyle: env.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'disk' as const, dir: filesDir },
    ),
    protocol: Object.freeze({
      administrationCode: env.PROTOCOL_ADMINISTRATION_CODE,
      aooCode: env.PROTOCOL_AOO_CODE,
      registerCode: env.PROTOCOL_REGISTER_CODE,
    }),
    identity,
    notifications: Object.freeze({
      smtp: env.SMTP_URL
        ? { url: env.SMTP_URL }
        : env.SMTP_HOST
          ? { host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, ...(env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? '' } : {}) }
          : null,
      mailFrom: env.MAIL_FROM ?? `"${env.COMUNE_NAME}" <noreply@sportello.localhost>`,
      io: Object.freeze({ enabled: env.IO_ENABLED ?? !production, apiUrl: env.IO_API_URL ?? null, apiKey: env.IO_API_KEY ?? null }),
      workerInProcess: env.NOTIFICATIONS_WORKER ?? env.NODE_ENV !== 'test',
      emailChangesPerHour: env.EMAIL_CHANGE_RATE_LIMIT,
      pollMs: env.WORKER_POLL_MS,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      backoffMs: env.NOTIFY_BACKOFF_MS,
      devSmtpPort: env.DEV_SMTP_PORT ?? (env.NODE_ENV === 'test' ? 0 : 2525),
      devIoPort: env.DEV_IO_PORT ?? (env.NODE_ENV === 'test' ? 0 : 2580),
    }),
    payments: Object.freeze({
      provider: env.PAYMENTS_PROVIDER,
      creditorFiscalCode: env.CREDITOR_FISCAL_CODE,
      segregationCode: env.PAGOPA_SEGREGATION_CODE,
      gpdUrl: env.PAGOPA_GPD_URL?.replace(/\/$/, '') ?? null,
      checkoutUrl: env.PAGOPA_CHECKOUT_URL?.replace(/\/$/, '') ?? null,
      subscriptionKey: env.PAGOPA_SUBSCRIPTION_KEY ?? null,
      checkoutSubscriptionKey: env.PAGOPA_CHECKOUT_SUBSCRIPTION_KEY ?? env.PAGOPA_SUBSCRIPTION_KEY ?? null,
      iban: env.PAGOPA_IBAN ?? null, defaultTaxonomyCode: env.PAGOPA_DEFAULT_TAXONOMY_CODE,
      // development and tests only: production refuses to start without its own
      callbackSecret: env.PAYMENTS_CALLBACK_SECRET ?? DEVELOPMENT_PAYMENTS_SECRET,
      reconcileIntervalSeconds: env.PAYMENTS_RECONCILE_INTERVAL_SECONDS ?? (env.NODE_ENV === 'test' ? 0 : 300),
    }),
    backoffice: Object.freeze({
      deadlineJobEnabled: env.DEADLINE_JOB_ENABLED ?? env.NODE_ENV !== 'test',
      deadlineJobHour: env.DEADLINE_JOB_HOUR,
      dueSoonDays: env.DEADLINE_DUE_SOON_DAYS,
      messagesPerHour: env.OFFICE_MESSAGE_RATE_LIMIT,
    }),
    companies, registers, domicile, protocolRegistry,
    api: apiConfig(env),
    signatures: part(signaturesConfig(env)),
    anonymous: anonymousConfig(env), privacy: privacyConfig(env),
    insight: insightConfig(env),
  });
}
