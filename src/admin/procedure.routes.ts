// A procedure's overview (/admin/procedimenti/:id): the content checks, the versions, the
// opening window and the buttons to publish, archive, restore or drop the draft; and the
// service page (/scheda) with the texts and settings the catalogue shows.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { METADATA_FORM_ORDER, metadataInput, problemsOf, publishInput } from './admin.inputs.ts';
import { choices, describeChecks, inputId, formErrors, metadataValues, noErrors, procedureBase, type FormErrors } from './admin.view.ts';
import { actor, frame, procedureId, refused, type Workspace } from './builder-pages.ts';
import { ChecksFailedError } from './procedures.service.ts';
import { isoToRomeLocal } from './rome-time.ts';

export default async function procedureRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  async function overview(request: FastifyRequest, reply: FastifyReply, id: number, status = 200, extra: Record<string, unknown> = {}) {
    const ws = await admin.workspace(id);
    const checks = describeChecks(request.t, id, ws.definition, ws.checks.items);
    return reply.status(status).view('admin/procedure.njk', {
      ...frame(request, ws, 'overview', request.t('admin.pnav.overview')),
      checks,
      checkErrors: ws.checks.errors,
      checkWarnings: ws.checks.warnings,
      versions: ws.versions,
      intake: ws.intake,
      office: ws.offices.find((o) => o.code === ws.definition.office),
      staleDraft: ws.draft && ws.draft.based_on_version !== null && ws.draft.based_on_version !== ws.procedure.published_version ? { basedOn: ws.draft.based_on_version, current: ws.procedure.published_version } : null,
      opensAtLocal: isoToRomeLocal(ws.definition.opensAt),
      ...extra,
    });
  }

  app.get('/admin/procedimenti/:id', async (request, reply) => overview(request, reply, procedureId(request.params)));

  app.post('/admin/procedimenti/:id/pubblica', async (request, reply) => {
    const id = procedureId(request.params);
    try {
      await admin.publish(actor(request), id, { acceptWarnings: publishInput.parse(request.body ?? {}).confermaAvvisi });
    } catch (error) {
      if (error instanceof ChecksFailedError && error.reason === 'unconfirmedWarnings') {
        const summary = { title: request.t('contentChecks.notPublished'), items: [{ href: `#${inputId('confermaAvvisi')}`, text: request.t('contentChecks.confirmNeeded', { count: error.checks.warnings }) }] };
        return overview(request, reply, id, 422, { summary });
      }
      if (error instanceof ChecksFailedError) {
        const ws = await admin.workspace(id);
        const items = describeChecks(request.t, id, ws.definition, error.checks.items.filter((i) => i.severity === 'error'));
        return overview(request, reply, id, 422, { summary: { title: request.t('admin.publish.refused', { count: error.checks.errors }), items: items.map((i) => ({ href: i.href, text: `${i.where}: ${i.text}` })) } });
      }
      return overview(request, reply, id, 422, { summary: formErrors(refused(error), request.t).summary });
    }
    return reply.redirect(`${procedureBase(id)}?esito=published`, 303);
  });

  app.post('/admin/procedimenti/:id/archivia', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.archive(actor(request), id);
    return reply.redirect(`${procedureBase(id)}?esito=archived`, 303);
  });

  app.post('/admin/procedimenti/:id/ripristina', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.restore(actor(request), id);
    return reply.redirect(`${procedureBase(id)}?esito=restored`, 303);
  });

  app.post('/admin/procedimenti/:id/bozza/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    try {
      await admin.discardDraft(actor(request), id);
    } catch (error) {
      return overview(request, reply, id, 422, { summary: formErrors(refused(error), request.t).summary });
    }
    return reply.redirect(`${procedureBase(id)}?esito=discarded`, 303);
  });

  // ---------------------------------------------------------------- service page

  async function metadataPage(request: FastifyRequest, reply: FastifyReply, ws: Workspace, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    return reply.status(status).view('admin/metadata.njk', {
      ...frame(request, ws, 'metadata', request.t('admin.pnav.metadata')),
      values,
      ...errors,
      choices: choices(request.t, ws.offices, request.locale),
    });
  }

  app.get('/admin/procedimenti/:id/scheda', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return metadataPage(request, reply, ws, metadataValues(ws.definition), noErrors);
  });

  app.post('/admin/procedimenti/:id/scheda', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = metadataInput.safeParse(request.body);
    if (!parsed.success) {
      return metadataPage(request, reply, await admin.workspace(id), request.body as Record<string, unknown>, formErrors(problemsOf(parsed.error, METADATA_FORM_ORDER), request.t), 422);
    }
    await admin.builder.setMetadata(actor(request), id, parsed.data);
    return reply.redirect(`${procedureBase(id)}/scheda?esito=saved`, 303);
  });
}
