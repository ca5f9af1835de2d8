// "Per chi agisci" (/area-personale/per-chi): the person chooses for whom they act — themselves,
// a company they represent or work for, a person who delegated them — or, as a professional,
// names a client (with their order and registration number, kept as their profile). The choice
// is checked again on every request (representation.plugin.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chooseIdentityCompany } from '../identity/company-choice.ts';
import { isValidCompanyFiscalCode, isValidFiscalCode } from '../identity/fiscal-code.ts';
import { requireUser } from '../identity/policies.ts';
import { safeReturnTo } from '../identity/session.ts';
import { startActing, stopActing } from './acting-session.ts';
import type { Registers } from './acting-resolver.ts';
import { findProfile, saveProfile } from './professionals.repository.ts';

const chooseBody = z.object({ choice: z.string().max(80).default(''), returnTo: z.string().max(2000).optional() });

const text = (max: number) => z.string().trim().max(max);
const clientBody = z.object({
  clientKind: z.enum(['person', 'company']).catch('person'),
  clientFiscalCode: text(16).transform((v) => v.toUpperCase()),
  clientGivenName: text(80).default(''),
  clientFamilyName: text(80).default(''),
  clientCompanyName: text(160).default(''),
  clientEmail: text(200).default(''),
  orderName: text(120),
  registrationNumber: text(40),
  province: text(40).default(''),
  returnTo: z.string().max(2000).optional(),
});

type FieldError = { field: string; message: string };

export default async function actingRoutes(app: FastifyInstance, options: { registers: Registers }) {
  const { registers } = options;
  const guard = { preHandler: requireUser() };

  async function render(request: FastifyRequest, reply: FastifyReply, returnTo: string, errors: FieldError[] = [], values: Record<string, string> = {}) {
    const user = request.user!;
    const [companies, delegations, profile] = await Promise.all([
      registers.companies.actableCompanies(user).catch(() => null),
      registers.delegations.activeReceived(user.fiscalCode),
      findProfile(app.db, user.fiscalCode),
    ]);
    const acting = request.acting;
    const current = !acting || acting.choice.kind === 'self' ? 'self' : acting.choice.kind === 'company' ? `company:${acting.choice.fiscalCode}` : acting.choice.kind === 'delegator' ? `delegation:${acting.choice.delegationId}` : acting.choice.kind;
    return reply.view('representation/choose.njk', {
      pageTitle: request.t('acting.title'),
      breadcrumbs: [{ label: request.t('area.title'), href: '/area-personale' }, { label: request.t('acting.title') }],
      person: user,
      companies: companies ?? [],
      registryDown: companies === null,
      delegations,
      profile,
      current,
      returnTo,
      errors,
      values: { orderName: profile?.orderName ?? '', registrationNumber: profile?.registrationNumber ?? '', province: profile?.province ?? '', ...values },
    });
  }

  app.get('/area-personale/per-chi', guard, async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown> | undefined)?.returnTo ?? '/area-personale');
    return render(request, reply, returnTo);
  });

  app.post('/area-personale/per-chi', guard, async (request, reply) => {
    const parsed = chooseBody.safeParse(request.body ?? {});
    const returnTo = safeReturnTo(parsed.success ? (parsed.data.returnTo ?? '/area-personale') : '/area-personale');
    const choice = parsed.success ? parsed.data.choice : '';
    const user = request.user!;
    const [kind, id = ''] = choice.split(':');
    if (kind === 'self') {
      chooseIdentityCompany(request, null);
      stopActing(request);
      return reply.redirect(returnTo, 303);
    }
    if (kind === 'company' && user.companies.some((c) => c.fiscalCode === id)) {
      // SPID for legal persons: the identity keeps it
      stopActing(request);
      chooseIdentityCompany(request, id);
      return reply.redirect(returnTo, 303);
    }
    if (kind === 'company' && (await registers.companies.roleFor(user, id))) {
      chooseIdentityCompany(request, null);
      startActing(request, { kind: 'company', fiscalCode: id });
      return reply.redirect(returnTo, 303);
    }
    if (kind === 'delegation' && (await registers.delegations.activeFor(user.fiscalCode, id))) {
      chooseIdentityCompany(request, null);
      startActing(request, { kind: 'delegator', delegationId: id });
      return reply.redirect(returnTo, 303);
    }
    return render(request, reply.status(422), returnTo, [{ field: 'choice-self', message: request.t('acting.choiceRequired') }]);
  });

  app.post('/area-personale/per-chi/cliente', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const returnTo = safeReturnTo(typeof body.returnTo === 'string' ? body.returnTo : '/area-personale');
    const parsed = clientBody.safeParse(body);
    const errors: FieldError[] = [];
    const t = request.t;
    const data = parsed.success ? parsed.data : null;
    if (!data) errors.push({ field: 'clientFiscalCode', message: t('acting.client.invalid') });
    else {
      const person = data.clientKind === 'person';
      if (person ? !isValidFiscalCode(data.clientFiscalCode) : !isValidCompanyFiscalCode(data.clientFiscalCode)) errors.push({ field: 'clientFiscalCode', message: t(person ? 'acting.client.badFiscalCode' : 'acting.client.badCompanyCode') });
      else if (data.clientFiscalCode === request.user!.fiscalCode) errors.push({ field: 'clientFiscalCode', message: t('acting.client.notYourself') });
      if (person && (!data.clientGivenName || !data.clientFamilyName)) errors.push({ field: data.clientGivenName ? 'clientFamilyName' : 'clientGivenName', message: t('acting.client.nameRequired') });
      if (!person && !data.clientCompanyName) errors.push({ field: 'clientCompanyName', message: t('acting.client.companyNameRequired') });
      if (data.clientEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(data.clientEmail)) errors.push({ field: 'clientEmail', message: t('acting.client.badEmail') });
      if (!data.orderName) errors.push({ field: 'orderName', message: t('acting.client.orderRequired') });
      if (!/^[A-Za-z0-9/ .-]{1,40}$/.test(data.registrationNumber)) errors.push({ field: 'registrationNumber', message: t('acting.client.numberRequired') });
    }
    if (!data || errors.length > 0) {
      const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== '_csrf').map(([k, v]) => [k, String(v).slice(0, 200)]));
      return render(request, reply.status(422), returnTo, errors, values);
    }
    await saveProfile(app.db, request.user!.fiscalCode, { orderName: data.orderName, registrationNumber: data.registrationNumber, province: data.province }, app.services.clock());
    const client =
      data.clientKind === 'person'
        ? { kind: 'person' as const, fiscalCode: data.clientFiscalCode, name: `${data.clientGivenName} ${data.clientFamilyName}`, givenName: data.clientGivenName, familyName: data.clientFamilyName, email: data.clientEmail || undefined }
        : { kind: 'company' as const, fiscalCode: data.clientFiscalCode, name: data.clientCompanyName, vatNumber: /^\d{11}$/.test(data.clientFiscalCode) ? data.clientFiscalCode : undefined, email: data.clientEmail || undefined };
    chooseIdentityCompany(request, null);
    startActing(request, { kind: 'client', client });
    return reply.redirect(returnTo, 303);
  });
}
