// Reads what `kb ingest PATH` points at: one file, or every supported file under a folder. Sizes are checked
// before reading, so a 50 MB file is refused without being loaded.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { DeskError } from '../errors.js';
import { contentTypeOf, MAX_DOCUMENT_BYTES } from './parse.js';

export interface SourceFile {
  /** The document's identity: the path as given relative to the working directory. */
  source: string;
  path: string;
}

const supported = new Set(['.md', '.markdown', '.mdx', '.html', '.htm', '.txt', '.text', '.pdf']);

/** The files to ingest; a folder skips unsupported files (listed in `skipped`), a single file is checked. */
export async function collectFiles(
  path: string,
  cwd = process.cwd(),
): Promise<{ files: SourceFile[]; skipped: string[] }> {
  const absolute = resolve(cwd, path);
  const info = await stat(absolute).catch((error: unknown) => {
    throw new DeskError(
      'DOCUMENT_UNREADABLE',
      `Cannot read ${path}: ${(error as Error).message}`,
      { path },
      { cause: error },
    );
  });
  const sourceOf = (file: string) => `file:${relative(cwd, file).split('\\').join('/')}`;
  if (info.isFile()) {
    contentTypeOf(path);
    return { files: [{ source: sourceOf(absolute), path: absolute }], skipped: [] };
  }
  const files: SourceFile[] = [];
  const skipped: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && supported.has(extname(entry.name).toLowerCase()))
        files.push({ source: sourceOf(full), path: full });
      else if (entry.isFile()) skipped.push(relative(cwd, full));
    }
  };
  await walk(absolute);
  return { files, skipped };
}

export async function readSourceFile(file: SourceFile): Promise<Uint8Array> {
  const info = await stat(file.path);
  if (info.size > MAX_DOCUMENT_BYTES) {
    throw new DeskError(
      'DOCUMENT_TOO_LARGE',
      `${file.source} is ${info.size} bytes; the limit is ${MAX_DOCUMENT_BYTES}`,
      {
        source: file.source,
        bytes: info.size,
        limit: MAX_DOCUMENT_BYTES,
      },
    );
  }
  try {
    return new Uint8Array(await readFile(file.path));
  } catch (error) {
    throw new DeskError(
      'DOCUMENT_UNREADABLE',
      `Cannot read ${file.source}: ${(error as Error).message}`,
      { source: file.source },
      {
        cause: error,
      },
    );
  }
}
