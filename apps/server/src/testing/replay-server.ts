// Test support: a local HTTP server that speaks the OpenAI chat-completions and Anthropic messages wire formats
// (JSON and server-sent-event streaming) and replays recorded answers queued by the test — no real model. It
// records every request it receives so tests can check what the desk sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One queued answer: text (in the provider's format), an HTTP error, or a delay before answering. */
export interface RecordedAnswer {
  text?: string;
  status?: number;
  /** Error body for `status` ≥ 400 (provider-style JSON is generated when left out). */
  errorBody?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  inputTokens?: number;
  outputTokens?: number;
}

export interface ReceivedRequest {
  path: string;
  body: {
    model?: string;
    stream?: boolean;
    messages?: Array<{ role: string; content: unknown }>;
    system?: unknown;
  };
}

export class ReplayModelServer {
  readonly received: ReceivedRequest[] = [];
  private readonly queues = new Map<string, RecordedAnswer[]>();
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  /** Queues answers for a model name; each request for that model takes the next one. */
  enqueue(model: string, ...answers: RecordedAnswer[]): this {
    this.queues.set(model, [...(this.queues.get(model) ?? []), ...answers]);
    return this;
  }

  pending(model: string): number {
    return this.queues.get(model)?.length ?? 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body = (raw ? JSON.parse(raw) : {}) as ReceivedRequest['body'];
    const path = req.url ?? '';
    this.received.push({ path, body });
    const anthropic = path.endsWith('/messages');
    if (!anthropic && !path.endsWith('/chat/completions')) return void res.writeHead(404).end();
    const model = body.model ?? '';
    const answer = this.queues.get(model)?.shift();
    if (!answer) {
      // What real providers say for a model they do not serve.
      const error = anthropic
        ? { type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } }
        : {
            error: {
              message: `The model \`${model}\` does not exist`,
              type: 'invalid_request_error',
              code: 'model_not_found',
            },
          };
      return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(error));
    }
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    if (answer.status && answer.status >= 400) {
      const error =
        answer.errorBody ??
        (anthropic
          ? {
              type: 'error',
              error: {
                type: answer.status === 429 ? 'rate_limit_error' : 'api_error',
                message: 'replayed error',
              },
            }
          : {
              error: {
                message: 'replayed error',
                type: answer.status === 429 ? 'rate_limit_exceeded' : 'server_error',
              },
            });
      return void res
        .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
        .end(JSON.stringify(error));
    }
    const text = answer.text ?? '';
    const usage = { input: answer.inputTokens ?? 100, output: answer.outputTokens ?? 20 };
    if (body.stream)
      return anthropic ? streamAnthropic(res, model, text, usage) : streamOpenAi(res, model, text, usage);
    res.writeHead(200, { 'content-type': 'application/json', ...answer.headers });
    res.end(
      JSON.stringify(
        anthropic
          ? {
              id: 'msg_replay',
              type: 'message',
              role: 'assistant',
              model,
              content: [{ type: 'text', text }],
              stop_reason: 'end_turn',
              stop_sequence: null,
              usage: { input_tokens: usage.input, output_tokens: usage.output },
            }
          : {
              id: 'chatcmpl-replay',
              object: 'chat.completion',
              created: 1_700_000_000,
              model,
              choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
              usage: {
                prompt_tokens: usage.input,
                completion_tokens: usage.output,
                total_tokens: usage.input + usage.output,
              },
            },
      ),
    );
  }
}

/** Splits text into small pieces, as a streaming model sends it. */
const pieces = (text: string): string[] => text.match(/[\s\S]{1,7}/g) ?? [];

function streamOpenAi(
  res: ServerResponse,
  model: string,
  text: string,
  usage: { input: number; output: number },
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-replay', object: 'chat.completion.chunk', created: 1_700_000_000, model };
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (const piece of pieces(text))
    send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  send({
    ...base,
    choices: [],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  });
  res.end('data: [DONE]\n\n');
}

function streamAnthropic(
  res: ServerResponse,
  model: string,
  text: string,
  usage: { input: number; output: number },
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: {
      id: 'msg_replay',
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1 },
    },
  });
  send('content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' },
  });
  for (const piece of pieces(text))
    send('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: piece },
    });
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: usage.output },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
