// Which tools each agent may call. Built-in servers follow the desk's own list below; an external server's
// list comes from its configuration. Patterns are exact names or `namespace.*`.

/** The built-in tools each agent (and specialist skill) may call. */
export const builtinAllowList: Readonly<Record<string, readonly string[]>> = {
  research: [
    'knowledge.*',
    'crm.get_customer',
    'crm.list_orders',
    'crm.get_order',
    'crm.search_past_conversations',
    'tickets.list',
    'tickets.get',
  ],
  solution: ['knowledge.*', 'crm.get_customer', 'crm.list_orders', 'crm.get_order'],
  deliver: ['crm.refund', 'crm.get_customer'],
  external: ['tickets.create', 'tickets.hand_over', 'crm.get_customer'],
  orders: ['crm.get_customer', 'crm.list_orders', 'crm.get_order', 'knowledge.search'],
  troubleshooting: ['knowledge.*', 'crm.troubleshooting_history', 'crm.record_troubleshooting'],
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
