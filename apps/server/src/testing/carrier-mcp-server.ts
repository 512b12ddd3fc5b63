// Test support: a small external MCP server (a parcel carrier) that the suite starts over stdio through
// FRONTDESK_MCP_SERVERS: one quick tool, one that is too slow, and one no agent is allowed to call.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'carrier', version: '1.0.0' });

server.registerTool(
  'track_parcel',
  {
    description: 'Where the carrier has the parcels for a question about a delivery.',
    inputSchema: { query: z.string(), customerId: z.string().optional() },
    annotations: { readOnlyHint: true },
  },
  ({ customerId }) => ({
    content: [
      {
        type: 'text',
        text: `Parcel for ${customerId ?? 'unknown'} is at the Portland depot, out for delivery.`,
      },
    ],
  }),
);

server.registerTool(
  'slow_lookup',
  { description: 'A lookup that takes far too long.', inputSchema: { query: z.string() } },
  async () => {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    return { content: [{ type: 'text', text: 'too late' }] };
  },
);

server.registerTool(
  'delete_everything',
  { description: 'Nobody is allowed to call this.', inputSchema: { query: z.string() } },
  () => ({ content: [{ type: 'text', text: 'called' }] }),
);

await server.connect(new StdioServerTransport());
