/**
 * The development identity provider's mailbox: where its one-time codes are "delivered"
 * (a stand-in for the SMS a production provider sends), readable at `GET /api/v1/dev/mailbox`
 * only on a node that runs with the development provider (`serve --demo`). Messages live in
 * the process's memory only — never in the database, never in a log — and go when they expire
 * or when the mailbox is full (oldest first).
 */

export interface DevMessage {
  /** Random, for the page's list keys. */
  readonly messageId: string;
  readonly challengeId: string;
  readonly holderCodeType: string;
  /** The recipient's code with its middle masked: `6501**********123X`. */
  readonly to: string;
  readonly code: string;
  readonly text: { readonly zh: string; readonly en: string };
  readonly sentAt: string;
  readonly expiresAt: string;
}

/** Masks the middle of a holder code: the first 4 and last 4 characters stay. */
export function maskHolderCode(code: string): string {
  if (code.length <= 8) return '*'.repeat(code.length);
  return `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`;
}

export class DevMailbox {
  readonly #messages: DevMessage[] = [];
  readonly #capacity: number;
  readonly #relay: ((message: DevMessage) => void) | undefined;

  /**
   * `relay`: where a delivered message also goes — under `hutong serve --demo --workers N`
   * (serve-cluster.ts), to the node's other worker processes through the cluster's IPC
   * channel (still never the database or a log), since the page that reads the mailbox may
   * be answered by another worker than the one that delivered the code.
   */
  constructor(capacity = 200, relay?: (message: DevMessage) => void) {
    this.#capacity = capacity;
    this.#relay = relay;
  }

  deliver(message: DevMessage): void {
    this.receive(message);
    this.#relay?.(message);
  }

  /** A message another process delivered (relayed to this one): kept, not relayed again. */
  receive(message: DevMessage): void {
    this.#messages.push(message);
    while (this.#messages.length > this.#capacity) this.#messages.shift();
  }

  /** The messages not yet expired at `now`, newest first, optionally for one challenge. */
  read(now: Date, filter: { readonly challengeId?: string | undefined } = {}): DevMessage[] {
    const at = now.toISOString();
    for (let i = this.#messages.length - 1; i >= 0; i -= 1) {
      if ((this.#messages[i]?.expiresAt ?? '') <= at) this.#messages.splice(i, 1);
    }
    return this.#messages
      .filter((m) => filter.challengeId === undefined || m.challengeId === filter.challengeId)
      .reverse();
  }
}
