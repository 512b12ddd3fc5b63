// Shared contracts between the server, the web app and outside clients.
export { errorCodes, isErrorCode } from './errors.js';
export type { ErrorCode } from './errors.js';
export { eventEnvelopeSchema, eventTopics } from './events.js';
export type { EventEnvelope, EventTopic } from './events.js';
/** The HTTP API's request and response schemas (zod), e.g. `api.postMessageBodySchema`. */
export * as api from './api/index.js';
