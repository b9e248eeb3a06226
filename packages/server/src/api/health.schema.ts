import { type Static, Type } from '@sinclair/typebox';
import { STORE_DIALECTS } from '../store/store-dialect.js';

/** `GET /api/health`: the node answers and its store answers. */
export const HealthResponse = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String({ description: 'the server version' }),
    store: Type.Union(
      STORE_DIALECTS.map((name) => Type.Literal(name)),
      { description: 'the engine behind the library' },
    ),
    nodeId: Type.String({ description: "this node's id, created at its first start" }),
    time: Type.String({ format: 'date-time', description: "the server's clock (UTC)" }),
  },
  { additionalProperties: false },
);
export type HealthResponse = Static<typeof HealthResponse>;
