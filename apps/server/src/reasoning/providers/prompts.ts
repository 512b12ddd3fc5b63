// Prompts are versioned files (prompts/NAME.vN.md, a `## system` and a `## user` section). Rendering is the one
// place text enters a prompt: trusted values (our own labels) go in as they are, anything a customer or a
// record wrote goes in only as quoted data — one JSON string inside a <data> block, which it cannot close.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type PromptName = 'classify' | 'draft' | 'review' | 'summarise';

/** The version of each prompt in use; a change of wording is a new file and a new version here. */
export const promptVersions: Record<PromptName, string> = {
  classify: 'v1',
  draft: 'v2',
  review: 'v2',
  summarise: 'v1',
};

/** Text the desk itself wrote (intent names, instructions); never anything from a customer or record. */
export interface Trusted {
  readonly trusted: string;
}
/** Anything else: rendered as one JSON string, with angle brackets escaped so it cannot close its block. */
export interface Quoted {
  readonly quoted: unknown;
}
export type PromptValue = Trusted | Quoted;

export const trusted = (text: string): Trusted => ({ trusted: text });
export const quoted = (value: unknown): Quoted => ({ quoted: value });

/** JSON, one line, with <, > and & escaped: the data can never look like the end of its block. */
export const asData = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export interface RenderedPrompt {
  /** `name@version#hash` of the template: part of every cache key. */
  id: string;
  system: string;
  user: string;
}

const templates = new Map<PromptName, { system: string; user: string; id: string }>();

function template(name: PromptName): { system: string; user: string; id: string } {
  const cached = templates.get(name);
  if (cached) return cached;
  const version = promptVersions[name];
  const source = readFileSync(new URL(`./prompts/${name}.${version}.md`, import.meta.url), 'utf8');
  const match = /^## system\n([\s\S]*?)\n## user\n([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`prompts/${name}.${version}.md needs a "## system" and a "## user" section`);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 8);
  const parsed = { system: match[1]!.trim(), user: match[2]!.trim(), id: `${name}@${version}#${hash}` };
  templates.set(name, parsed);
  return parsed;
}

/** Fills `{{slot}}`s; every slot the template names must be given, and no other. */
export function renderPrompt(name: PromptName, values: Record<string, PromptValue>): RenderedPrompt {
  const { system, user, id } = template(name);
  const used = new Set<string>();
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, slot: string) => {
      const value = values[slot];
      if (!value) throw new Error(`prompt ${id}: no value for {{${slot}}}`);
      used.add(slot);
      return 'trusted' in value ? value.trusted : asData(value.quoted);
    });
  const rendered = { id, system: fill(system), user: fill(user) };
  const unused = Object.keys(values).filter((slot) => !used.has(slot));
  if (unused.length > 0) throw new Error(`prompt ${id}: no slot for ${unused.join(', ')}`);
  return rendered;
}
