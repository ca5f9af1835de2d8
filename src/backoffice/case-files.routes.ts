// The files of a case for the clerks of its office: the filing's attachments, the files added
// after filing (messages, the decision), and all of them as one ZIP. Behind the clerk guard; a
// filing of another office, or a file of another filing, is a 404.
import type { FastifyInstance } from 'fastify';
import { requireClerk } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { sendDownload, staffActor } from './backoffice.http.ts';

type Params = { publicId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export default async function caseFilesRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const guard = { preHandler: requireClerk() };

  app.get<{ Params: Params & { attachmentId: string } }>('/backoffice/pratiche/:publicId/allegati/:attachmentId', guard, async (request, reply) => {
    if (!UUID.test(request.params.attachmentId)) throw new NotFoundError('attachment');
    return sendDownload(reply, await service.attachment(staffActor(request.user!), request.params.publicId, request.params.attachmentId));
  });

  app.get<{ Params: Params & { fileId: string } }>('/backoffice/pratiche/:publicId/documenti/:fileId', guard, async (request, reply) => {
    if (!UUID.test(request.params.fileId)) throw new NotFoundError('file');
    return sendDownload(reply, await service.caseFile(staffActor(request.user!), request.params.publicId, request.params.fileId));
  });

  app.get<{ Params: Params }>('/backoffice/pratiche/:publicId/documenti.zip', guard, async (request, reply) => {
    const zip = await service.zip(staffActor(request.user!), request.params.publicId);
    return sendDownload(reply, { name: zip.name, contentType: 'application/zip', stream: zip.stream });
  });
}
