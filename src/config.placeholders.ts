// The example values of .env.example, which production refuses (src/config.ts): a production
// value containing one was copied from the example, not configured.
/**
 * The example values of .env.example (tests/unit/platform/config.test.ts checks the list against
 * the file): a production value containing one was copied, not configured.
 */
export const EXAMPLE_PLACEHOLDERS: ReadonlyArray<readonly [key: string, fragment: string]> = [
  ['BASE_URL', 'sportello.comune.example.it'],
  ['DATABASE_URL', 'sportello:secret@db.comune.example.it'],
  ['SMTP_URL', 'sportello:secret@smtp.comune.example.it'],
  ['SMTP_HOST', 'smtp.comune.example.it'],
  ['MAIL_FROM', 'noreply@comune.example.it'],
  ['SPID_ISSUER', 'spid-aggregator.example.it'],
  ['SPID_CLIENT_ID', 'sportello.comune.example.it'],
  ['CIE_CLIENT_ID', 'sportello.comune.example.it'],
  ['OIDC_PROVIDERS', 'sso.comune.example.it'],
  ['OIDC_PRIVATE_JWK', '"d":"..."'],
  ['PAGOPA_IBAN', 'IT60X0542811101000000123456'],
  ['S3_ENDPOINT', 'minio.comune.example.it'],
  ['COMPANY_REGISTRY_URL', 'registro-imprese.example.it'],
  ['FEDERATION_AUTHORITY_HINTS', 'federation.regione.example.it'],
  ['FEDERATION_PRIVATE_JWK', '"d":"..."'],
  ['OIDC_ENCRYPTION_JWK', '"d":"..."'],
  ['FEDERATION_TRUST_MARKS', '"trust_mark":"eyJ..."'],
  ['FEDERATION_CONTACTS', 'protocollo@comune.example.it'],
  ['FEDERATION_POLICY_URI', 'sportello.comune.example.it'],
  ['ANPR_URL', 'anpr.example.it'],
  ['INPS_ISEE_URL', 'inps.example.it'],
  ['INIPEC_URL', 'inipec.example.it'],
  ['PEC_SMTP_URL', 'smtps.pec.example.it'],
  ['PEC_IMAP_URL', 'imaps.pec.example.it'],
  ['PEC_FROM', 'protocollo@pec.comune.example.it'],
  ['PROTOCOL_REGISTRY_URL', 'protocollo.comune.example.it'],
];
