/**
 * Loads published test vectors from `../shared/vectors/` (beside the checkout; CI lays a
 * copy of shared/ beside its clone). A missing vector file is a loud failure, never a skip.
 * Test-only: this file may use Node, the shipped core may not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findVectorsDir(): string {
  const fromEnv = process.env.HUTONG_SHARED_DIR;
  if (fromEnv) return join(fromEnv, 'vectors');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    const candidate = join(dir, 'shared', 'vectors');
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('shared/vectors not found beside the checkout (set HUTONG_SHARED_DIR to the shared/ folder)');
}

export function loadVectors<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(join(findVectorsDir(), relativePath), 'utf8')) as T;
}
