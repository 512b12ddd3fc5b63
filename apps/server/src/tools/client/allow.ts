// Which tools each agent may call. Built-in servers follow the desk's own list below; an external server's
// list comes from its configuration. Patterns are exact names or `namespace.*`. An agent missing here
// (supervisor, quality, escalation, the human steps) may call no built-in tool at all.

/**
 * The account changes a customer confirms in the conversation (graph/nodes/propose-change.ts and
 * account-change.ts): solution has the action desk state one (a preview, which changes nothing), deliver
 * performs it once the customer said yes. The action desk re-checks the confirmation and policy either way.
 */
const accountChanges = [
  'crm.refund',
  'crm.cancel_order',
  'crm.change_address',
  'crm.return_or_exchange',
  'crm.goodwill_credit',
];

/**
 * The built-in tools each graph agent and specialist skill may call: what its node or skill calls today
 * (the catalogue name it uses is routed to the MCP tool named here, see catalog-routes.ts), and a little
 * read-only room for what the agent's job plainly covers.
 */
export const builtinAllowList: Readonly<Record<string, readonly string[]>> = {
  // Triage looks the customer up for their tier.
  triage: ['crm.get_customer'],
  // Research's branches: the knowledge base, the customer and their orders, past conversations, tickets.
  research: [
    'knowledge.*',
    'crm.get_customer',
    'crm.list_orders',
    'crm.get_order',
    'crm.search_past_conversations',
    'tickets.list',
    'tickets.get',
  ],
  // Solution drafts from research's findings (it may read the same records to check a detail) and has
  // the action desk state an account change for the customer to confirm.
  solution: ['knowledge.*', 'crm.get_customer', 'crm.list_orders', 'crm.get_order', ...accountChanges],
  // Deliver performs the approved refund, or the account change the customer confirmed, and remembers the
  // troubleshooting steps the sent reply gave.
  deliver: ['crm.get_customer', 'crm.record_troubleshooting', ...accountChanges],
  // External opens the specialist team's ticket and greets the customer by name.
  external: ['tickets.create', 'tickets.hand_over', 'crm.get_customer'],
  // The specialist skills, each under its own name.
  orders: ['crm.get_customer', 'crm.list_orders', 'crm.get_order', 'knowledge.search'],
  troubleshooting: ['knowledge.*', 'crm.troubleshooting_history'],
  recommendation: ['crm.list_orders', 'crm.list_products', 'crm.get_preferences'],
  personalisation: ['crm.get_customer', 'crm.get_preferences'],
};

/** Whether `tool` (namespaced) matches one of the patterns. */
export function allowed(patterns: readonly string[] | undefined, tool: string, namespace: string): boolean {
  if (!patterns) return false;
  const bare = tool.slice(namespace.length + 1);
  return patterns.some(
    (pattern) => pattern === '*' || pattern === tool || pattern === bare || pattern === `${namespace}.*`,
  );
}
