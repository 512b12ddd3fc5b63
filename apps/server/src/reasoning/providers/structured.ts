// Structured answers from a chat model: the reply must be one JSON object valid against a zod schema. An invalid
// answer is sent back once with the validation error; a second invalid answer fails the call.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { ChatCallError, callChat, type ChatCallOptions } from './chat-call.js';
import type { RenderedPrompt } from './prompts.js';

export interface StructuredAnswer<T> {
  value: T;
  inputTokens: number;
  outputTokens: number;
  /** Notes for the decision record: retries after invalid output or rate limits. */
  notes: string[];
}

/** The JSON object in a model's answer: tolerates code fences and prose around it. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidate = fenced ?? text;
  const start = candidate.indexOf('{');
  const end = candidate.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the answer contains no JSON object');
  return JSON.parse(candidate.slice(start, end + 1));
}

function validate<S extends z.ZodType>(
  schema: S,
  text: string,
): { ok: true; value: z.infer<S> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    error: parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; '),
  };
}

export async function askStructured<S extends z.ZodType>(
  model: BaseChatModel,
  prompt: RenderedPrompt,
  schema: S,
  options: ChatCallOptions,
): Promise<StructuredAnswer<z.infer<S>>> {
  const messages: BaseMessage[] = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
  const notes: string[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  for (let attempt = 1; ; attempt++) {
    // Only the first attempt streams: a retry's text would repeat what the listener already has.
    const answer = await callChat(
      model,
      messages,
      attempt === 1 ? options : { ...options, onText: undefined },
    ).catch((error: unknown) => {
      if (error instanceof ChatCallError)
        throw new ChatCallError(error.reason, { inputTokens, outputTokens }, { cause: error });
      throw error;
    });
    inputTokens += answer.inputTokens;
    outputTokens += answer.outputTokens;
    if (answer.rateLimited > 0) notes.push(`waited out ${answer.rateLimited} rate limit(s)`);
    const checked = validate(schema, answer.text);
    if (checked.ok) return { value: checked.value, inputTokens, outputTokens, notes };
    if (attempt >= 2) {
      throw new ChatCallError(`invalid structured output after a retry (${checked.error})`, {
        inputTokens,
        outputTokens,
      });
    }
    notes.push(`retried after invalid output (${checked.error})`);
    messages.push(
      new AIMessage(answer.text),
      new HumanMessage(
        `That answer is not valid: ${checked.error}. Answer again with only the JSON object, with exactly the fields asked for.`,
      ),
    );
  }
}

/**
 * Streams the `reply` field of a JSON answer as it arrives: finds `"reply":"`, then decodes the string's escapes
 * piece by piece until its closing quote. The prompts ask for `reply` first so customers see text at once.
 */
export function replyFieldStreamer(emit: (text: string) => void): (chunk: string) => void {
  let buffer = '';
  let state: 'seeking' | 'inside' | 'done' = 'seeking';
  return (chunk) => {
    if (state === 'done') return;
    buffer += chunk;
    if (state === 'seeking') {
      const match = /"reply"\s*:\s*"/.exec(buffer);
      if (!match) return;
      buffer = buffer.slice(match.index + match[0].length);
      state = 'inside';
    }
    let out = '';
    let i = 0;
    while (i < buffer.length) {
      const ch = buffer[i]!;
      if (ch === '"') {
        state = 'done';
        break;
      }
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const next = buffer[i + 1];
      if (next === undefined) break; // the escape continues in the next chunk
      if (next === 'u') {
        if (i + 6 > buffer.length) break;
        out += String.fromCharCode(parseInt(buffer.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
      i += 2;
    }
    buffer = state === 'done' ? '' : buffer.slice(i);
    if (out) emit(out);
  };
}
