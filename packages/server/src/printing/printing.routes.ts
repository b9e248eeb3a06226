import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.js';
import { IdentifierParams, ReadQuery } from '../library/library.schema.js';
import { type PrintedPdf, printHolderLicence, printLicence } from './print-licence.js';

export interface PrintingRouteOptions {
  /** The node's public base URL: the QR codes point at its `/v/` page. */
  readonly publicUrl: string;
}

const PDF_RESPONSE = {
  200: {
    description: 'The licence as PDF (application/pdf)',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  },
};

function sendPdf(reply: FastifyReply, printed: PrintedPdf): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${printed.filename}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(printed.pdf.buffer, printed.pdf.byteOffset, printed.pdf.byteLength));
}

/** `GET /api/v1/licences/{identifier}/licence.pdf` and `GET /api/v1/me/licences/{identifier}/licence.pdf`. */
export function registerPrintingRoutes(app: FastifyInstance, ctx: AppContext, options: PrintingRouteOptions): void {
  app.get<{ Params: IdentifierParams; Querystring: ReadQuery }>(
    '/api/v1/licences/:identifier/licence.pdf',
    { schema: { tags: ['licences'], params: IdentifierParams, querystring: ReadQuery, response: PDF_RESPONSE } },
    async (request, reply) =>
      sendPdf(
        reply,
        await printLicence(ctx, request.principal, request.params.identifier, {
          publicUrl: options.publicUrl,
          useCause: request.query.useCause,
          requestId: request.id,
        }),
      ),
  );

  app.get<{ Params: IdentifierParams }>(
    '/api/v1/me/licences/:identifier/licence.pdf',
    { schema: { tags: ['holders'], params: IdentifierParams, response: PDF_RESPONSE } },
    async (request, reply) =>
      sendPdf(
        reply,
        await printHolderLicence(ctx, request.principal, request.params.identifier, {
          publicUrl: options.publicUrl,
          requestId: request.id,
        }),
      ),
  );
}
