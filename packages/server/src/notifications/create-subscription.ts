import { randomBytes, randomUUID } from 'node:crypto';
import { licenceIdParts, parseLicenceId, parseTypeCode } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import { seriesOfParts } from '../library/licence-records.js';
import { webhookSecretAssociatedData } from '../secrets/sealed-columns.js';
import { openSealedValue, sealValue } from '../secrets/sealed-value.js';
import type { Secrets } from '../secrets/secrets.js';
import type { Database } from '../store/database.js';

/** The part of a client principal (`src/auth`) that subscriptions need. */
export interface SubscriberClient {
  readonly clientId: string;
  /** The licence types the client may read: a list of type codes, or every type. */
  readonly licenceTypes: readonly string[] | '*';
}

export interface SubscriptionInput {
  readonly url: string;
  /** Types to hear about; default: every type the client may read. */
  readonly typeCodes?: readonly string[];
  /** Licences to hear about (any version's identifier; later versions follow); default: all. */
  readonly identifiers?: readonly string[];
}

export interface Subscription {
  readonly id: string;
  readonly url: string;
  readonly typeCodes: readonly string[] | null;
  readonly identifiers: readonly string[] | null;
  readonly createdAt: string;
}

/** The creation answer: the only time the secret is shown. */
export interface CreatedSubscription extends Subscription {
  /** HMAC-SHA256 key (base64url, 32 bytes) for `Hutong-Signature`. */
  readonly secret: string;
}

const MAX_URL = 2048;

function checkUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = value.length <= MAX_URL ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // Credentials in a URL end up in logs; a fragment is never sent; other schemes are not webhooks.
  if (
    url === undefined ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    value.includes('#')
  ) {
    throw new ServerError('ERR_NOTIFICATIONS_URL_INVALID', { field: 'url' });
  }
  return url.toString();
}

function mayRead(client: SubscriberClient, typeCode: string): boolean {
  return client.licenceTypes === '*' || client.licenceTypes.includes(typeCode);
}

/**
 * The HMAC key of a subscription row, opened from its sealed form. A row from before
 * migration 0021 that no start has sealed yet (`master_key_id` null) holds it in clear.
 *
 * @example signWebhook(webhookSecretOf(secrets, row), timestamp, body)
 */
export function webhookSecretOf(
  secrets: Secrets,
  row: { readonly id: string; readonly secret: string; readonly master_key_id: string | null },
): string {
  if (row.master_key_id === null) return row.secret;
  const bytes = openSealedValue(secrets, 'webhook-encryption', row.secret, webhookSecretAssociatedData(row.id));
  return new TextDecoder().decode(bytes);
}

/**
 * Registers a webhook for status changes of the licences a relying party may read. Types
 * it may not read are refused (`ERR_NOTIFICATIONS_TYPE_FORBIDDEN`); without `typeCodes`, a
 * client limited to some types is subscribed to exactly those (never to more later).
 *
 * The secret is kept sealed under the master key (`webhook-encryption`), bound to the row.
 *
 * @example const { id, secret } = await createSubscription(store.db, secrets, client, { url: 'https://rp.example/hook' }, new Date());
 */
export async function createSubscription(
  db: Kysely<Database>,
  secrets: Secrets,
  client: SubscriberClient,
  input: SubscriptionInput,
  now: Date,
): Promise<CreatedSubscription> {
  const url = checkUrl(input.url);
  let typeCodes: string[] | null = null;
  if (input.typeCodes !== undefined) {
    typeCodes = input.typeCodes.map((code, i) => {
      const typeCode = parseTypeCode(code);
      if (!mayRead(client, typeCode)) {
        throw new ServerError('ERR_NOTIFICATIONS_TYPE_FORBIDDEN', { field: `typeCodes[${i}]`, params: { typeCode } });
      }
      return typeCode;
    });
  } else if (client.licenceTypes !== '*') {
    typeCodes = [...client.licenceTypes];
  }
  let series: string[] | null = null;
  if (input.identifiers !== undefined) {
    series = input.identifiers.map((identifier, i) => {
      const parts = licenceIdParts(parseLicenceId(identifier));
      if (!mayRead(client, parts.typeCode)) {
        throw new ServerError('ERR_NOTIFICATIONS_TYPE_FORBIDDEN', {
          field: `identifiers[${i}]`,
          params: { typeCode: parts.typeCode },
        });
      }
      return seriesOfParts(parts);
    });
  }
  const subscription = {
    id: randomUUID(),
    url,
    secret: randomBytes(32).toString('base64url'),
    typeCodes,
    identifiers: series,
    createdAt: now.toISOString(),
  };
  await db
    .insertInto('webhook_subscriptions')
    .values({
      id: subscription.id,
      client_id: client.clientId,
      url,
      secret: sealValue(
        secrets,
        'webhook-encryption',
        new TextEncoder().encode(subscription.secret),
        webhookSecretAssociatedData(subscription.id),
      ),
      master_key_id: secrets.masterKeyId,
      type_codes: typeCodes === null ? null : JSON.stringify(typeCodes),
      identifiers: series === null ? null : JSON.stringify(series),
      active: 1,
      created_at: subscription.createdAt,
    })
    .execute();
  return subscription;
}
