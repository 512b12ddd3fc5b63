// LangChain.js chat models for each provider: any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, LiteLLM,
// OpenRouter) by base URL and key, and Anthropic. Retries are ours (chat-call.ts), so the SDKs' are off.
import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { ModelSpec } from './routes.js';

export interface ProviderEndpoints {
  openai?: { apiKey: string | undefined; baseUrl: string | undefined };
  anthropic?: { apiKey: string | undefined; baseUrl: string | undefined };
}

export function createChatModel(spec: ModelSpec, endpoints: ProviderEndpoints): BaseChatModel {
  if (spec.provider === 'anthropic') {
    const endpoint = endpoints.anthropic;
    return new ChatAnthropic({
      model: spec.model,
      // Local gateways often need no key; the SDK insists on one, so a placeholder stands in.
      apiKey: endpoint?.apiKey ?? 'none',
      ...(endpoint?.baseUrl ? { anthropicApiUrl: endpoint.baseUrl } : {}),
      maxRetries: 0,
      temperature: 0,
      maxTokens: 1024,
    });
  }
  const endpoint = endpoints.openai;
  return new ChatOpenAI({
    model: spec.model,
    apiKey: endpoint?.apiKey ?? 'none',
    configuration: endpoint?.baseUrl ? { baseURL: endpoint.baseUrl } : {},
    maxRetries: 0,
    temperature: 0,
    streamUsage: true,
  });
}
