// The Slack port: the two Web API calls the team notifier makes, and the adapter over Slack's official SDK.
import { WebClient } from '@slack/web-api';

export interface SlackMessage {
  channel: string;
  text: string;
  blocks: readonly object[];
}

export interface SlackApi {
  /** Posts a message; returns its timestamp (Slack's message id). Throws when Slack answers not ok. */
  post(message: SlackMessage): Promise<string>;
  /** Replaces the message at `ts`. Throws when Slack answers not ok. */
  update(message: SlackMessage & { ts: string }): Promise<void>;
}

/** Slack's Web API through `@slack/web-api`; `apiUrl` points it elsewhere (a proxy, a test double). */
export class WebClientSlackApi implements SlackApi {
  private readonly client: WebClient;

  constructor(token: string, options: { apiUrl?: string | undefined; timeoutMs?: number } = {}) {
    this.client = new WebClient(token, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      timeout: options.timeoutMs ?? 10_000,
      // The event is delivered again by the bus when a post fails, so the SDK need not retry for minutes.
      retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
      rejectRateLimitedCalls: true,
    });
  }

  async post(message: SlackMessage): Promise<string> {
    const result = await this.client.chat.postMessage({
      channel: message.channel,
      text: message.text,
      blocks: [...message.blocks] as never,
    });
    if (!result.ok || !result.ts)
      throw new Error(`Slack chat.postMessage failed: ${result.error ?? 'no ts'}`);
    return result.ts;
  }

  async update(message: SlackMessage & { ts: string }): Promise<void> {
    const result = await this.client.chat.update({
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      blocks: [...message.blocks] as never,
    });
    if (!result.ok) throw new Error(`Slack chat.update failed: ${result.error ?? 'unknown'}`);
  }
}
