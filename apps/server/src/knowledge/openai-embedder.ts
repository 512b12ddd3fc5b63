// Embeddings from any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, LiteLLM, TEI): POST {baseUrl}/embeddings.
// Vectors are requested at the store's width (`dimensions`) and checked; any failure is EMBEDDING_UNAVAILABLE,
// which ingestion turns into a retried background task.
import { DeskError } from '../errors.js';
import { EMBEDDING_DIMENSIONS, normalise, type Embedder } from './embedder.js';

export interface OpenAiEmbedderOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  dimensions?: number;
  timeoutMs?: number;
  /** Texts per request; providers cap the batch (OpenAI: 2048). */
  batchSize?: number;
}

interface EmbeddingsResponse {
  data?: Array<{ index?: number; embedding?: unknown }>;
}

export class OpenAiCompatibleEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.dimensions = options.dimensions ?? EMBEDDING_DIMENSIONS;
    this.name = `openai:${options.model}:${this.dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const size = this.options.batchSize ?? 256;
    for (let start = 0; start < texts.length; start += size) {
      out.push(...(await this.request(texts.slice(start, start + size))));
    }
    return out;
  }

  private async request(input: readonly string[]): Promise<Float32Array[]> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/embeddings`;
    const where = { endpoint: new URL(url).origin, model: this.options.model };
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.options.model,
          input,
          dimensions: this.dimensions,
          encoding_format: 'float',
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new DeskError(
        'EMBEDDING_UNAVAILABLE',
        `The embedding endpoint does not answer: ${(error as Error).message}`,
        where,
        {
          cause: error,
        },
      );
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      throw new DeskError(
        'EMBEDDING_UNAVAILABLE',
        `The embedding endpoint answered ${response.status}: ${detail}`,
        {
          ...where,
          status: response.status,
        },
      );
    }
    const body = (await response.json().catch(() => ({}))) as EmbeddingsResponse;
    const data = Array.isArray(body.data) ? body.data : [];
    if (data.length !== input.length) {
      throw new DeskError(
        'EMBEDDING_UNAVAILABLE',
        `Asked for ${input.length} embeddings, got ${data.length}`,
        where,
      );
    }
    const ordered = data.slice().sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map((item) => {
      const vector = item.embedding;
      if (
        !Array.isArray(vector) ||
        vector.length !== this.dimensions ||
        !vector.every((v) => typeof v === 'number')
      ) {
        throw new DeskError(
          'EMBEDDING_UNAVAILABLE',
          `The endpoint returned vectors of width ${Array.isArray(vector) ? vector.length : 'none'}, not ${this.dimensions}`,
          { ...where, expected: this.dimensions },
        );
      }
      return normalise(Float32Array.from(vector));
    });
  }
}
