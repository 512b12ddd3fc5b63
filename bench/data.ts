// Where the public benchmark data lives: `shared/data` beside the project, or beside the folder that holds
// it (a git worktree one level deeper), so benchmarks run from either without copying the data in.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The folder of one data set, e.g. sharedData('stackfaq'). */
export function sharedData(name: string): string {
  const candidates = [resolve(root, '../shared/data', name), resolve(root, '../../shared/data', name)];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}
