// `frontdesk mcp` beside a running desk: stdio on one side, the desk's Streamable HTTP endpoint (/mcp/SERVER)
// on the other, every JSON-RPC message passed across as it is. The desk authenticates the caller and runs
// the tools, so nothing here opens the database the desk holds.
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { DeskClient } from './desk-client.js';

/** JSON-RPC's code for an error the server side raised (here: the desk could not be reached). */
const INTERNAL_ERROR = -32603;

/** Bridges until the stdio client closes stdin (or the desk's side closes); resolves then. */
export async function bridgeToDesk(desk: DeskClient, server: string): Promise<void> {
  const endpoint = new URL(`/mcp/${encodeURIComponent(server)}`, desk.url);
  const upstream = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: desk.headers } });
  const local = new StdioServerTransport();
  // stdout carries only the protocol: what goes wrong on the way to the desk is said on stderr.
  const say = (text: string) => process.stderr.write(`frontdesk mcp: ${text}\n`);

  local.onmessage = (message: JSONRPCMessage) => {
    upstream.send(message).catch((error: unknown) => {
      const reason = `the desk at ${endpoint.href} did not take the message: ${(error as Error).message}`;
      say(reason);
      // A request must still be answered, or the client waits for ever.
      if ('id' in message && 'method' in message) {
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: INTERNAL_ERROR, message: reason },
        });
      }
    });
  };
  upstream.onmessage = (message: JSONRPCMessage) => void local.send(message);
  // The transport reports a failed send here too (answered above); only the rest is worth a line.
  upstream.onerror = () => undefined;

  const closed = new Promise<void>((resolve) => {
    local.onclose = resolve;
    upstream.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await upstream.start();
  await local.start();
  await closed;
  await Promise.allSettled([upstream.close(), local.close()]);
}
