// The OpenAPI 3.1 document, generated from the zod schemas of the routes, and the interactive docs at
// /docs (swagger-ui serves its own bundled files; nothing comes from a CDN).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { globalPlugin } from './global.js';

export const docsPlugin = globalPlugin('frontdesk-docs', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Frontdesk API',
        version: '1.0.0',
        description:
          'A customer-support desk run by AI agents and the people who supervise them. Errors are RFC 9457 ' +
          'problem documents with a stable `code`. Every POST accepts an `Idempotency-Key` header.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
});
