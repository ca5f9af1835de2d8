import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_KEY: 'a'.repeat(64),
  BASE_URL: 'https://sportello.comune.example.it',
};

function productionError(env: Record<string, string>): string {
  try {
    loadConfig({ ...PRODUCTION, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('notification settings', () => {
  it('outside production: the stand-ins, the worker in process (not in tests)', () => {
    const development = loadConfig({});
    expect(development.notifications.smtp).toBeNull();
    expect(development.notifications.io).toEqual({ enabled: true, apiUrl: null, apiKey: null });
    expect(development.notifications.workerInProcess).toBe(true);
    expect(development.notifications.devSmtpPort).toBe(2525);
    const test = loadConfig({ NODE_ENV: 'test' });
    expect(test.notifications.workerInProcess).toBe(false);
    expect(test.notifications.devSmtpPort).toBe(0);
  });

  it('production refuses the stand-ins: it needs a real SMTP server, a sender, and real App IO settings when IO is on', () => {
    expect(productionError({})).toMatch(/SMTP_URL or SMTP_HOST/);
    expect(productionError({})).toMatch(/MAIL_FROM/);
    expect(productionError({ IO_ENABLED: 'true' })).toMatch(/IO_API_URL and IO_API_KEY/);
    const ok = { SMTP_HOST: 'smtp.example.it', MAIL_FROM: 'noreply@example.it', IO_ENABLED: 'true', IO_API_URL: 'https://api.io.pagopa.it/api/v1', IO_API_KEY: 'k' };
    expect(productionError(ok)).not.toMatch(/SMTP|MAIL_FROM|IO_/);
  });

  it('reads SMTP as a URL or as host, port and credentials', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@smtp.example.it:465' }).notifications.smtp).toEqual({ url: 'smtps://u:p@smtp.example.it:465' });
    expect(loadConfig({ SMTP_HOST: 'smtp.example.it', SMTP_USER: 'u', SMTP_PASS: 'p' }).notifications.smtp).toEqual({ host: 'smtp.example.it', port: 587, secure: false, user: 'u', pass: 'p' });
  });
});
