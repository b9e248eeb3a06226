/**
 * The worked example of docs/design/trust-list.md and docs/design/show-code.md: Ed25519 keys
 * from RFC 8032 §7.1 (deterministic signatures, so the documents' bytes are reproducible).
 * Test-only.
 */
import { importSigningKeyJwk, type SigningKey } from '../../crypto/index.js';
import { encodeBase64url } from '../../licence/index.js';
import { ed25519NoteKey } from '../../merkle/index.js';
import { buildTrustList } from '../build-trust-list.js';
import type { TrustList } from '../trust-list.js';

const hex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));

async function rfc8032Key(secret: string, publicKey: string): Promise<SigningKey> {
  return importSigningKeyJwk({
    kty: 'OKP',
    crv: 'Ed25519',
    d: encodeBase64url(hex(secret)),
    x: encodeBase64url(hex(publicKey)),
  });
}

export interface ExampleKeys {
  /** RFC 8032 TEST 1: the node's showing key. */
  readonly showingKey: SigningKey;
  /** RFC 8032 TEST 2: the issuer's licence key. */
  readonly issuerKey: SigningKey;
  /** RFC 8032 TEST 3: the node's trust-list key (the verifier's anchor). */
  readonly nodeKey: SigningKey;
}

export async function exampleKeys(): Promise<ExampleKeys> {
  return {
    showingKey: await rfc8032Key(
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    ),
    issuerKey: await rfc8032Key(
      '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    ),
    nodeKey: await rfc8032Key(
      'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    ),
  };
}

/** The example log key: an Ed25519 note key from a fixed seed (32 bytes of 0x07). */
export function exampleLogKey() {
  return ed25519NoteKey('log.zwfw.jl.example.cn', new Uint8Array(32).fill(7));
}

/** The example trust list, built and signed exactly as the documents print it. */
export async function exampleTrustList(keys: ExampleKeys): Promise<TrustList> {
  const log = exampleLogKey();
  return buildTrustList(
    {
      node: { id: 'jl-node', name: '吉林省一体化政务服务平台', areaCode: '220000', url: 'https://zwfw.jl.example.cn' },
      version: 3,
      issuedAt: new Date('2026-02-28T00:00:00Z'),
      expiresAt: new Date('2026-03-07T00:00:00Z'),
      issuers: [
        {
          issuerCode: '11220000013544541J',
          name: '吉林省住房和城乡建设厅',
          keys: [{ key: keys.issuerKey.publicKey, validFrom: new Date('2020-01-01T00:00:00Z') }],
          types: ['11100000000013338W032'],
        },
      ],
      showingKeys: [{ key: keys.showingKey.publicKey, validFrom: new Date('2026-01-01T00:00:00Z') }],
      logKeys: [{ name: log.name, vkey: log.verifierKey }],
    },
    keys.nodeKey,
  );
}
