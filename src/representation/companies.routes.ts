// The personal area's company pages: /area-personale/imprese (the companies the person may act
// for and why) and, for a legal representative confirmed now, the company's employees
// (/area-personale/imprese/:companyCode/addetti: list, authorise, revoke with a confirmation).
// Anyone else gets 404 there. Thin: parse with zod, call the companies service, render or 303.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isValidCompanyFiscalCode, isValidFiscalCode } from '../identity/fiscal-code.ts';
import { requireUser } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Actor } from './companies.service.ts';

type CompanyParams = { companyCode: string };
type EmployeeParams = CompanyParams & { id: string };

const name = z.string().trim().min(1).max(100);
const employeeForm = z.object({
  codiceFiscale: z
    .string()
    .transform((value) => value.replace(/\s+/g, '').toUpperCase())
    .refine(isValidFiscalCode),
  nome: name,
  cognome: name,
});
const FIELD_ERRORS: Record<string, string> = { codiceFiscale: 'companies.error.fiscalCode', nome: 'companies.error.givenName', cognome: 'companies.error.familyName' };
const FIELD_ORDER = ['codiceFiscale', 'nome', 'cognome'];

const NOTICES: Record<string, string> = {
  autorizzato: 'companies.notice.created',
  'gia-autorizzato': 'companies.notice.exists',
  revocato: 'companies.notice.revoked',
  'gia-revocato': 'companies.notice.already',
};

function actor(request: FastifyRequest): Actor {
  const user = request.user!;
  return { fiscalCode: user.fiscalCode, companies: user.companies, displayName: user.displayName };
}

/** The company code of the address: a well-formed one, or a page that does not exist. */
function companyCode(params: CompanyParams): string {
  const code = params.companyCode.toUpperCase();
  if (!isValidCompanyFiscalCode(code)) throw new NotFoundError('company');
  return code;
}

const employeesHref = (code: string) => `/area-personale/imprese/${code}/addetti`;

export default async function companiesRoutes(app: FastifyInstance) {
  const companies = app.services.companies;
  const guard = { preHandler: requireUser() };
  const areaCrumb = (request: FastifyRequest) => ({ href: '/area-personale', label: request.t('companies.personalArea') });
  const companiesCrumb = (request: FastifyRequest) => ({ href: '/area-personale/imprese', label: request.t('companies.title') });

  app.get('/area-personale/imprese', guard, async (request, reply) => {
    const { roles, registry } = await companies.overview(actor(request));
    return reply.view('representation/companies.njk', {
      pageTitle: request.t('companies.title'),
      breadcrumbs: [areaCrumb(request), { label: request.t('companies.title') }],
      roles,
      registryUnavailable: registry === 'unavailable',
    });
  });

  async function employeesPage(request: FastifyRequest<{ Params: CompanyParams }>, reply: FastifyReply, form: { values?: Record<string, string>; errors?: { field: string; text: string }[] } = {}) {
    const code = companyCode(request.params);
    const { company, active, revoked } = await companies.employees(actor(request), code);
    const noticeKey = NOTICES[String((request.query as Record<string, unknown> | undefined)?.esito ?? '')];
    const title = request.t('companies.employees.title', { company: company.name });
    return reply.view('representation/employees.njk', {
      pageTitle: title,
      title,
      breadcrumbs: [areaCrumb(request), companiesCrumb(request), { label: title }],
      company,
      active,
      revoked,
      action: employeesHref(code),
      notice: noticeKey && !form.errors ? request.t(noticeKey) : undefined,
      values: form.values ?? {},
      errorSummary: form.errors?.length ? { title: request.t('companies.errorSummary'), items: form.errors.map((e) => ({ href: `#${e.field}`, text: e.text })) } : null,
      errorFor: Object.fromEntries((form.errors ?? []).map((e) => [e.field, e.text])),
    });
  }

  app.get<{ Params: CompanyParams }>('/area-personale/imprese/:companyCode/addetti', guard, async (request, reply) => employeesPage(request, reply));

  app.post<{ Params: CompanyParams }>('/area-personale/imprese/:companyCode/addetti', guard, async (request, reply) => {
    const code = companyCode(request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(FIELD_ORDER.map((field) => [field, typeof body[field] === 'string' ? (body[field] as string).slice(0, 100) : '']));
    const parsed = employeeForm.safeParse(body);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
      const errors = FIELD_ORDER.filter((field) => fields.has(field)).map((field) => ({ field, text: request.t(FIELD_ERRORS[field]!) }));
      // the page checks first that the person represents the company (404 otherwise)
      return employeesPage(request, reply.status(422), { values, errors });
    }
    const { codiceFiscale, nome, cognome } = parsed.data;
    const result = await companies.authorise(actor(request), code, { fiscalCode: codiceFiscale, givenName: nome, familyName: cognome });
    if (result.outcome === 'self') {
      return employeesPage(request, reply.status(422), { values, errors: [{ field: 'codiceFiscale', text: request.t('companies.error.self') }] });
    }
    return reply.redirect(`${employeesHref(code)}?esito=${result.outcome === 'created' ? 'autorizzato' : 'gia-autorizzato'}`, 303);
  });

  app.get<{ Params: EmployeeParams }>('/area-personale/imprese/:companyCode/addetti/:id/revoca', guard, async (request, reply) => {
    const code = companyCode(request.params);
    const { company, employee } = await companies.employee(actor(request), code, request.params.id);
    const title = request.t('companies.revoke.title');
    return reply.view('representation/employee-revoke.njk', {
      pageTitle: title,
      breadcrumbs: [areaCrumb(request), companiesCrumb(request), { href: employeesHref(code), label: request.t('companies.employees.title', { company: company.name }) }, { label: title }],
      company,
      employee,
      action: `${employeesHref(code)}/${employee.id}/revoca`,
      backHref: employeesHref(code),
    });
  });

  app.post<{ Params: EmployeeParams }>('/area-personale/imprese/:companyCode/addetti/:id/revoca', guard, async (request, reply) => {
    const code = companyCode(request.params);
    const { outcome } = await companies.revoke(actor(request), code, request.params.id);
    return reply.redirect(`${employeesHref(code)}?esito=${outcome === 'revoked' ? 'revocato' : 'gia-revocato'}`, 303);
  });
}
