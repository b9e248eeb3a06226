/**
 * Test-only: polls until a background task of the import (a dry run, a commit) reaches a state,
 * for the route tests that start one over HTTP and watch it through the API or the store.
 */

/**
 * Reads `read()` every 50 ms until `done` holds for its value, and returns that value; fails
 * naming `what` and the last value after 60 s.
 *
 * @example const checked = await until(() => state(id), (s) => s.status !== 'checking', 'the dry run');
 */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
