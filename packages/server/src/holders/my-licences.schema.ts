/** The response schema of `GET /api/v1/me/licences/{identifier}` (kept apart: it pulls in the library's and the log's). */
import { Type } from '@sinclair/typebox';
import {
  EncumbranceView,
  LicenceDocument,
  LicenceStatusViewSchema,
  LicenceVersionSummarySchema,
} from '../library/licence.schema.js';
import { ReceiptSchema } from '../log/log.schema.js';

const Names = Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false });

export const MyLicenceDetailSchema = Type.Object(
  {
    licence: LicenceDocument,
    status: LicenceStatusViewSchema,
    encumbrances: Type.Array(EncumbranceView),
    versions: Type.Array(LicenceVersionSummarySchema),
    origin: Type.String({ description: 'issued, aggregated or imported' }),
    typeName: Names,
    category: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
    faceFields: Type.Array(
      Type.Object(
        {
          key: Type.String(),
          label: Names,
          type: Type.String(),
          sensitivity: Type.Integer(),
          value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    history: Type.Array(
      Type.Object(
        {
          identifier: Type.String(),
          seq: Type.Integer(),
          type: Type.String(),
          event: Type.Record(Type.String(), Type.Unknown()),
          from: Type.String(),
          to: Type.String(),
          at: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    receipt: Type.Union([
      ReceiptSchema,
      Type.Null({ description: 'the version is not yet covered by a published checkpoint' }),
    ]),
  },
  { additionalProperties: false },
);
