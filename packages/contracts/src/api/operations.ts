// Desk operations for administrators (what `frontdesk events replay`, `demo reset`, `train` and
// `triage-rules` do on a database of their own, as API routes for a desk that holds its database).
import { z } from 'zod';
import { eventTopics } from '../events.js';
import { isoDateTime } from './common.js';

/** The most events one replay answer carries; `nextFrom` says where the next page starts. */
export const MAX_REPLAY_PAGE = 5000;

export const eventsReplayQuerySchema = z
  .strictObject({
    topic: z.enum(eventTopics),
    /** The first sequence to return (inclusive). */
    from: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    /** The first event stored at or after this time. */
    since: isoDateTime.optional(),
    /** Only this tenant's events: the caller's own tenant is the only one an API caller may name. */
    tenant: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_REPLAY_PAGE).default(1000),
  })
  .refine((query) => query.from === undefined || query.since === undefined, {
    message: 'give from or since, not both',
    path: ['from'],
  });
export type EventsReplayQuery = z.infer<typeof eventsReplayQuerySchema>;

/** Where the training CSV came from, recorded with the model version (the file's name). */
export const trainingQuerySchema = z.strictObject({
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+$/, 'a file name, not a path')
    .default('upload'),
});
