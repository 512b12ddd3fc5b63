// Shapes every API route shares: identifiers, roles, time ranges and the problem document for errors.
import { z } from 'zod';

export const roles = ['customer', 'agent', 'approver', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = (typeof roles)[number];

/** Ids are plain tokens: letters, digits, `_`, `-`, `.`; anything else is refused before any query runs. */
const idOf = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, `a ${what} id is letters, digits, _ . -`);

export const customerIdSchema = idOf('customer');
export const threadIdSchema = idOf('thread');
export const approvalIdSchema = idOf('approval');
export const checkpointIdSchema = idOf('checkpoint');
export const articleIdSchema = idOf('article');

export const threadParamsSchema = z.object({ threadId: threadIdSchema });
export const customerParamsSchema = z.object({ customerId: customerIdSchema });
export const approvalParamsSchema = z.object({ approvalId: approvalIdSchema });
export const articleParamsSchema = z.object({ articleId: articleIdSchema });

/**
 * An ISO 8601 instant with an offset, in years 1–9999: PostgreSQL refuses year 0, and a range reaching
 * beyond is a mistake, not a question.
 */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}, 'must be between the years 1 and 9999');

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose();
export type Problem = z.infer<typeof problemSchema>;

export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);
