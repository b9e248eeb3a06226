/**
 * A bounded set of strings a pure parser has already accepted. Issuing one licence checks
 * the same USCC and the same identifier several times (prepare, the signer's parse, the
 * row, the audit and log records), and a batch of a thousand shares one issuer: the GB
 * 32100 / ISO 7064 checks are computed once and later calls only look the string up.
 * Only accepted inputs are kept (a refusal is always recomputed, with its precise error);
 * at `limit` entries the set starts again empty, so memory stays bounded. Internal to
 * `identifiers/`.
 */
export class ValidMemo {
  readonly #limit: number;
  #seen = new Set<string>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(value: unknown): value is string {
    return typeof value === 'string' && this.#seen.has(value);
  }

  add(value: string): void {
    if (this.#seen.size >= this.#limit) this.#seen = new Set();
    this.#seen.add(value);
  }
}
