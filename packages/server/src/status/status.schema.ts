import { Type } from '@sinclair/typebox';
import { LicenceDocument } from '../library/licence.schema.js';

export const StatusListParams = Type.Object(
  {
    issuerUscc: Type.String({ maxLength: 18, description: "the issuer's USCC" }),
    listId: Type.String({ maxLength: 10, description: 'the list number, from 1' }),
  },
  { additionalProperties: false },
);

/**
 * A lifecycle event: core's status event (`type` and its members; core refuses unknown
 * members precisely), plus, for a `change`, the new version's `face` and `metadata` changes.
 */
export const LicenceEventBody = Type.Object(
  {
    type: Type.String({
      description:
        'annual-inspection, extension, change, suspension, suspension-release, revocation, cancellation, abolition, transfer, mortgage, mortgage-release, pledge, pledge-release',
    }),
  },
  { additionalProperties: true },
);

export const LicenceEventResponse = Type.Object(
  {
    identifier: Type.String(),
    event: Type.Record(Type.String(), Type.Unknown()),
    previousStatus: Type.String(),
    status: Type.String(),
    state: Type.Record(Type.String(), Type.Unknown()),
    successor: Type.Optional(LicenceDocument),
  },
  { additionalProperties: false },
);
