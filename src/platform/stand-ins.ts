// The development stand-ins a running portal has started (the test identity provider, the
// development mail server and its /dev/mail pages, the App IO stand-in, the payment sandbox, the
// company register stand-in) and whether they are reachable from other machines. They log anyone in as anyone, show every
// e-mail to anyone and take fake payments: on an address other than loopback, anyone on the
// network can do that, so the entry point says so loudly (production refuses them altogether).
import type { FastifyInstance } from 'fastify';

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}

export function runningStandIns(app: FastifyInstance): string[] {
  const running: string[] = [];
  if (app.identity.testIdp) running.push(`test identity provider (${app.identity.testIdp.issuer})`);
  if (app.notifications.devSmtp) running.push('development mail server (every e-mail at /dev/mail)');
  if (app.notifications.ioStandIn) running.push('App IO stand-in');
  if (app.services.payments.sandbox) running.push('payment sandbox');
  const companyRegistry = app.services.companyRegistry.standInUrl();
  if (companyRegistry) running.push(`company register stand-in (${companyRegistry})`);
  const stateRegisters = app.services.stateRegisters.standIn();
  if (stateRegisters) running.push(`ANPR/INPS stand-in (${stateRegisters.url})`);
  const domicile = app.notifications.domicile;
  if (domicile.registryStandIn) running.push(`INAD/INI-PEC stand-in (${domicile.registryStandIn.inadUrl})`);
  if (domicile.pecStandIn) running.push(`stand-in PEC provider (SMTP ${domicile.pecStandIn.smtpPort}, IMAP ${domicile.pecStandIn.imapPort})`);
  const protocolRegistry = app.services.protocolRegistry.standInUrl();
  if (protocolRegistry) running.push(`protocol registry stand-in (${protocolRegistry})`);
  return running;
}

/** The warning to give when stand-ins run on an address other machines reach; null otherwise. */
export function exposedStandInsWarning(app: FastifyInstance): string | null {
  const running = runningStandIns(app);
  if (running.length === 0 || isLoopback(app.config.host)) return null;
  return `HOST=${app.config.host} is not a loopback address and these development stand-ins are running: ${running.join(', ')}. `
    + 'Anyone who reaches this machine can log in as a test person, read every e-mail and fake payments. '
    + 'Listen on 127.0.0.1, or configure the real providers and set NODE_ENV=production.';
}
