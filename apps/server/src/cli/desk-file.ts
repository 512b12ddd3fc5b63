// The note a running desk leaves in its data directory (its URL and process id), so CLI commands on the
// same data go through its API instead of opening the embedded database it holds.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DESK_FILE = 'desk.json';

export interface DeskNote {
  url: string;
  pid: number;
}

/** Writes the note and returns how to remove it (only if it is still ours) when the desk stops. */
export function announceDesk(dataDir: string, url: string): () => void {
  const path = join(dataDir, DESK_FILE);
  writeFileSync(path, `${JSON.stringify({ url, pid: process.pid } satisfies DeskNote)}\n`);
  return () => {
    if (readDeskNote(dataDir)?.pid === process.pid) rmSync(path, { force: true });
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The desk running on this data directory, if any (a note left by a process that died is ignored). */
export function readDeskNote(dataDir: string): DeskNote | undefined {
  let note: Partial<DeskNote>;
  try {
    note = JSON.parse(readFileSync(join(dataDir, DESK_FILE), 'utf8')) as Partial<DeskNote>;
  } catch {
    return undefined;
  }
  if (typeof note.url !== 'string' || typeof note.pid !== 'number' || !alive(note.pid)) return undefined;
  return { url: note.url, pid: note.pid };
}
