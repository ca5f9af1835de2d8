// The shapes of three parts of the configuration (storage, notifications, payments), apart
// from src/config.ts so that file stays the schema and its loading; config.ts re-exports them.
export interface S3StorageConfig {
  readonly endpoint: string | null;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string | null;
  readonly secretAccessKey: string | null;
  readonly forcePathStyle: boolean;
}

export type StorageConfig = { readonly kind: 'disk'; readonly dir: string } | ({ readonly kind: 's3' } & S3StorageConfig);

export interface NotificationsConfig {
  /** null: the development mail server started in process (never in production). */
  readonly smtp: { readonly url: string } | { readonly host: string; readonly port: number; readonly secure: boolean; readonly user?: string; readonly pass?: string } | null;
  readonly mailFrom: string;
  /** apiUrl null: the local stand-in started in process (never in production). */
  readonly io: { readonly enabled: boolean; readonly apiUrl: string | null; readonly apiKey: string | null };
  readonly workerInProcess: boolean;
  /** E-mail address changes one person may ask for per hour. */
  readonly emailChangesPerHour: number;
  readonly pollMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly devSmtpPort: number;
  readonly devIoPort: number;
}

export interface PaymentsConfig {
  readonly provider: 'sandbox' | 'pagopa';
  readonly creditorFiscalCode: string;
  readonly segregationCode: string;
  readonly gpdUrl: string | null;
  readonly checkoutUrl: string | null;
  readonly subscriptionKey: string | null;
  readonly checkoutSubscriptionKey: string | null;
  readonly iban: string | null;
  /** the taxonomy code of a payment request that names none (PAGOPA_DEFAULT_TAXONOMY_CODE) */
  readonly defaultTaxonomyCode: string;
  readonly callbackSecret: string;
  /** 0: the reconciliation job does not run in this process. */
  readonly reconcileIntervalSeconds: number;
}
