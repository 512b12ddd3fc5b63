// Sign-in for development and API keys for integrations.
import { z } from 'zod';
import { roleSchema } from './common.js';

export const devTokenBodySchema = z.strictObject({
  role: roleSchema,
  /** A customer id (cus_01) for customers, a person's handle for staff. */
  sub: z.string().regex(/^[A-Za-z0-9_.@-]{1,100}$/),
});

export const tokenSchema = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: z.string(),
  role: roleSchema,
  sub: z.string(),
});

/** A short-lived credential that opens the stream routes only (`?ticket=`), instead of the bearer token. */
export const streamTicketSchema = z.object({
  ticket: z.string(),
  expiresAt: z.string(),
});

export const createApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  subject: z.string().regex(/^[A-Za-z0-9_.@-]{1,100}$/),
});

export const apiKeyParamsSchema = z.object({ keyId: z.string().regex(/^key_[A-Za-z0-9]{1,40}$/) });

export const settingsBodySchema = z.strictObject({ doubleTexting: z.enum(['queue', 'reject', 'interrupt']) });
