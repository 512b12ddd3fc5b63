// Reads help-centre articles written as Markdown files with a small front-matter block (title, category).
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface ArticleFile {
  id: string;
  title: string;
  category: string;
  body: string;
}

/** Parses one article; the id is the file name without `.md`. Throws with the file name when malformed. */
export function parseArticle(fileName: string, text: string): ArticleFile {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${fileName}: missing the front-matter block (--- title/category ---)`);
  const fields = Object.fromEntries(
    match[1]!.split(/\r?\n/).map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }),
  );
  const { title, category } = fields as Record<string, string | undefined>;
  const body = match[2]!.trim();
  if (!title || !category || !body) throw new Error(`${fileName}: needs a title, a category and a body`);
  return { id: basename(fileName, '.md'), title, category, body };
}

export async function readArticleFolder(folder: string): Promise<ArticleFile[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(
    names.map(async (name) => parseArticle(name, await readFile(join(folder, name), 'utf8'))),
  );
}
