// Knowledge reads: search the help centre and read one article.
import { z } from 'zod';

export const knowledgeSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(500),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
