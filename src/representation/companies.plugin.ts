// Company roles inside the portal: starts the company register stand-in when it is the one
// configured (outside production only), adds "Imprese" to the personal area's sections, seeds
// the test provider's authorised employee, and registers the pages (companies.routes.ts).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import companiesRoutes from './companies.routes.ts';

const NO_SECTIONS = /^\/(assets|api|healthz|readyz|metrics|auth|dev)(\/|$|\?)/;

/** The test provider's employee: Marco Gallo, authorised by Sara Fontana for Fontana Impianti. */
const SEED = {
  companyFiscalCode: '04567890126',
  employeeFiscalCode: 'GLLMRC88B20F205B',
  employeeGivenName: 'Marco',
  employeeFamilyName: 'Gallo',
  grantedBy: 'FNTSRA72E45F205E',
  grantedByName: 'Sara Fontana',
} as const;

async function companiesPlugin(app: FastifyInstance) {
  const handle = app.services.companyRegistry;
  await handle.start();
  const url = handle.standInUrl();
  if (url) app.log.info({ url }, 'company register stand-in listening (not for production)');
  app.addHook('onClose', async () => handle.close());

  // the embedded default offers an authorised employee to log in as (the test provider's people)
  if (app.config.identity.testIdp.enabled) {
    app.addHook('onReady', async () => {
      const { TEST_COMPANIES } = await import('./company-registry.stand-in.ts');
      const company = TEST_COMPANIES.find((c) => c.codiceFiscale === SEED.companyFiscalCode)!;
      await app.services.companies.ensureAuthorisation({ ...SEED, companyName: company.denominazione, companyVatNumber: company.partitaIva ?? null });
    });
  }

  app.addHook('preHandler', async (request, reply) => {
    if (!request.user || request.method !== 'GET' || NO_SECTIONS.test(request.url)) return;
    const sections = (reply.locals?.areaSections as { href: string; label: string }[] | undefined) ?? [];
    reply.locals = { ...reply.locals, areaSections: [...sections, { href: '/area-personale/imprese', label: request.t('companies.area.tab') }] };
  });

  await app.register(companiesRoutes);
}

export default fp(companiesPlugin, { name: 'companies', dependencies: ['services', 'identity', 'views', 'security', 'config'] });
