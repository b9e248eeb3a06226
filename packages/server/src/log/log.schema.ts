/** TypeBox schemas of the log's JSON API (`/api/v1/log/…`). */
import { Type } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Size = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Base64Hash = Type.String({ description: 'Standard base64 of a SHA-256 hash' });
/** A GB/T 36904 licence identifier (checked by core's parser in the use case). */
const Identifier = Type.String({ minLength: 1, maxLength: 200 });
const Version = Type.String({ pattern: '^[0-9]{3}$' });

export const InclusionQuerySchema = Type.Object(
  {
    index: Type.Optional(Count),
    size: Type.Optional(Size),
    identifier: Type.Optional(Identifier),
    version: Type.Optional(Version),
  },
  { additionalProperties: false },
);

export const InclusionProofSchema = Type.Object({
  index: Count,
  size: Size,
  leafHash: Base64Hash,
  proof: Type.Array(Base64Hash),
  rootHash: Base64Hash,
  checkpoint: Type.Optional(Type.String({ description: 'The signed checkpoint note when size is the published size' })),
});

export const ConsistencyQuerySchema = Type.Object(
  { from: Size, to: Type.Optional(Size) },
  { additionalProperties: false },
);

export const ConsistencyProofSchema = Type.Object({
  from: Size,
  to: Size,
  proof: Type.Array(Base64Hash),
  fromRoot: Base64Hash,
  toRoot: Base64Hash,
  checkpoint: Type.Optional(Type.String()),
});

export const ReceiptSchema = Type.Object({
  format: Type.Literal('hutong-log-receipt/1'),
  identifier: Type.String(),
  version: Type.String(),
  index: Count,
  treeSize: Size,
  leafHash: Base64Hash,
  entry: Type.String({ description: 'The entry bytes, standard base64 (RFC 8785 JSON)' }),
  inclusionProof: Type.Array(Base64Hash),
  checkpoint: Type.String({ description: 'The signed checkpoint note (C2SP tlog-checkpoint) with cosignatures' }),
});

export const ReceiptsParamsSchema = Type.Object({ identifier: Identifier });
export const ReceiptsSchema = Type.Object({ identifier: Type.String(), receipts: Type.Array(ReceiptSchema) });

export const RefusalsQuerySchema = Type.Object(
  {
    origin: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const RefusalsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String({ format: 'date-time' }),
      origin: Type.String(),
      code: Type.String(),
      oldSize: Count,
      checkpointSize: Type.Union([Count, Type.Null()]),
      cosignedSize: Count,
      cosignedRoot: Base64Hash,
      request: Type.String({ description: 'The refused add-checkpoint body: the log-signed evidence' }),
    }),
  ),
});

export const WitnessedLogInputSchema = Type.Object(
  {
    vkey: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'The log’s note verifier key (<name>+<hex>+<base64>)',
    }),
    origin: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  },
  { additionalProperties: false },
);

export const WitnessedLogSchema = Type.Object({
  origin: Type.String(),
  vkey: Type.String(),
  size: Count,
  rootHash: Base64Hash,
  addedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const LogWitnessInputSchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'The witness’s add-checkpoint prefix' }),
    vkey: Type.String({ minLength: 1, maxLength: 4096, description: 'The witness’s cosignature/v1 key' }),
  },
  { additionalProperties: false },
);

export const LogWitnessSchema = Type.Object({
  name: Type.String(),
  url: Type.String(),
  vkey: Type.String(),
  size: Count,
  lastError: Type.Union([Type.String(), Type.Null()]),
  addedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
