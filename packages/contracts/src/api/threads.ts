// Threads: a conversation's checkpoint history, replaying it from a checkpoint, or forking a new branch.
import { z } from 'zod';
import { checkpointIdSchema } from './common.js';
import { messageTextSchema } from './conversations.js';

export const replayBodySchema = z.strictObject({ checkpointId: checkpointIdSchema });
export const forkBodySchema = z.strictObject({
  checkpointId: checkpointIdSchema,
  /** Replaces the customer's message on the new branch ("what if they had said…"). */
  message: messageTextSchema.optional(),
});
