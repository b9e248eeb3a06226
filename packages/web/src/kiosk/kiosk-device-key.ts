/**
 * The kiosk's device key (docs/design/kiosk-device-key.md): an ECDSA P-256 key pair made by
 * WebCrypto with `extractable: false`, kept in IndexedDB (a CryptoKey is stored by structured
 * clone, still non-extractable: no script, the terminal's own included, can read the private
 * key out). The node's administrator registers the public key as the kiosk client's key; the
 * terminal then authenticates with RFC 7523 client assertions (`private_key_jwt`, ES256) and
 * keeps no secret at all — nothing in localStorage to copy off the terminal.
 */

const DATABASE = 'hutong-kiosk';
const STORE = 'device';
const RECORD = 'key';

export interface KioskDevice {
  readonly keyPair: CryptoKeyPair;
  /** The kiosk client the administrator registered this key for, once set up. */
  readonly clientId?: string;
}

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

async function openDatabase(): Promise<IDBDatabase> {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore(STORE);
  };
  return request(opening);
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await request(run(database.transaction(STORE, mode).objectStore(STORE)));
  } finally {
    database.close();
  }
}

function isDevice(value: unknown): value is KioskDevice {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const pair = v.keyPair as Record<string, unknown> | undefined;
  return (
    typeof pair === 'object' &&
    pair !== null &&
    pair.privateKey instanceof CryptoKey &&
    pair.publicKey instanceof CryptoKey &&
    (v.clientId === undefined || typeof v.clientId === 'string')
  );
}

/** This terminal's device key, made on first use. */
export async function kioskDevice(): Promise<KioskDevice> {
  const stored: unknown = await withStore('readonly', (store) => store.get(RECORD));
  if (isDevice(stored)) return stored;
  // extractable: false binds the private key to this browser profile (the public half stays exportable).
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const device: KioskDevice = { keyPair };
  await withStore('readwrite', (store) => store.put(device, RECORD));
  return device;
}

/** Remembers the kiosk client the key was registered for (after a token was taken with it). */
export async function rememberKioskClient(device: KioskDevice, clientId: string): Promise<KioskDevice> {
  const registered: KioskDevice = { keyPair: device.keyPair, clientId };
  await withStore('readwrite', (store) => store.put(registered, RECORD));
  return registered;
}

/** Takes the terminal out of service: the key is deleted; a new one is made at the next set-up. */
export async function forgetKioskDevice(): Promise<void> {
  await withStore('readwrite', (store) => store.delete(RECORD));
}

const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const base64url = (bytes: Uint8Array): string =>
  base64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** The public key as an SPKI PEM, as the administration's client registration takes it. */
export async function publicKeyPem(device: KioskDevice): Promise<string> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', device.keyPair.publicKey));
  const lines = base64(spki).match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----'].join('\n');
}

/**
 * An RFC 7523 §3 client assertion: `iss` = `sub` = the client id, `aud` the node
 * (`urn:hutong:node:<id>`), a one-minute `exp` and a fresh `jti` (the server accepts each once).
 * RFC 7518 §3.4: ES256's signature is r‖s, 64 bytes — what WebCrypto's ECDSA gives.
 */
export async function clientAssertion(
  device: KioskDevice,
  clientId: string,
  audience: string,
  now = Date.now(),
): Promise<string> {
  const seconds = Math.floor(now / 1000);
  const header = base64url(utf8(JSON.stringify({ alg: 'ES256', typ: 'JWT' })));
  const claims = base64url(
    utf8(
      JSON.stringify({
        iss: clientId,
        sub: clientId,
        aud: audience,
        iat: seconds,
        exp: seconds + 60,
        jti: crypto.randomUUID(),
      }),
    ),
  );
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    device.keyPair.privateKey,
    utf8(`${header}.${claims}`),
  );
  return `${header}.${claims}.${base64url(new Uint8Array(signature))}`;
}
