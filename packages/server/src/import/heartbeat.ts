/**
 * The heartbeat of what a process holds in the store — an import job, an upload's dry run:
 * refreshed on a timer, not only when work advances, so that a batch or a report that takes
 * long (a million-row report is written after the last batch) is not mistaken for a dead
 * runner by another process (`runnerMayBeAlive`, import-jobs.ts).
 */

/** How often a holder refreshes its heartbeat: 12 beats within `IMPORT_HEARTBEAT_STALE_MS` (2 minutes). */
export const IMPORT_HEARTBEAT_MS = 10_000;

/**
 * Calls `beat` every `IMPORT_HEARTBEAT_MS` until the returned stop is called, or until `beat`
 * answers false (what it refreshed is no longer held: taken over or ended). A failed beat
 * (the store briefly away) is tried again at the next tick. The timer never keeps a process alive.
 *
 * @example const stop = keepBeating(() => beatImportJob(db, job.id, runner, ctx.now())); try { … } finally { stop(); }
 */
export function keepBeating(beat: () => Promise<boolean>): () => void {
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    beat()
      .then((held) => {
        if (!held) clearInterval(timer);
      })
      .catch(() => {})
      .finally(() => {
        beating = false;
      });
  }, IMPORT_HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
