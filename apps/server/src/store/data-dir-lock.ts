// A lock file that keeps a second process from opening the embedded database while one has it open.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../errors.js';

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'frontdesk.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (isAlive(holder)) {
        throw new DeskError(
          'STORE_LOCKED',
          `The embedded database in ${dataDir} is open in process ${holder}. Stop that process, or point both at PostgreSQL with DATABASE_URL.`,
          { pid: holder },
        );
      }
      // The holder died without cleaning up (a crash or SIGKILL): the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new DeskError('STORE_LOCKED', `Could not lock the embedded database in ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
