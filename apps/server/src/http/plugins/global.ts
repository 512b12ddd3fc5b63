// Marks a plugin as global (what fastify-plugin does): its hooks and decorators apply to the whole app,
// not only to its own encapsulated context.
import type { FastifyPluginAsync } from 'fastify';

export function globalPlugin<Options extends object>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
  return plugin;
}
