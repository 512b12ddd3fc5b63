// The parameters of each safe action, as zod shapes: the MCP tools publish them and the action desk
// validates with them, so both sides agree on every field.
import { z } from 'zod';
import type { SafeActionKind } from './types.js';

const orderId = z.string().min(1).max(100).describe('the order, e.g. ord_1001');
const money = {
  amountMinor: z.number().int().positive().describe('amount in minor units (cents)'),
  currency: z.string().length(3).describe('ISO 4217 code, e.g. USD'),
};
export const addressShape = {
  line1: z.string().min(1).max(200),
  city: z.string().min(1).max(100),
  region: z.string().min(1).max(100),
  postcode: z.string().min(2).max(20),
  country: z.string().length(2),
};

export const actionParams = {
  refund: {
    orderId,
    ...money,
    reason: z.string().min(1).max(500),
    items: z
      .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }))
      .min(1)
      .optional()
      .describe('the order lines refunded; the amount may not exceed what they cost'),
  },
  cancel_order: { orderId, reason: z.string().min(1).max(500) },
  change_address: { orderId, address: z.object(addressShape) },
  return_or_exchange: {
    orderId,
    type: z.enum(['return', 'exchange']),
    items: z
      .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }))
      .min(1)
      .describe('the order lines going back'),
    exchangeForSku: z
      .string()
      .min(1)
      .optional()
      .describe('for an exchange: the product sent instead (left out: a new one of each item)'),
    reason: z.string().min(1).max(500),
  },
  goodwill_credit: { ...money, reason: z.string().min(1).max(500) },
  update_contact: {
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+?[\d\s().-]{7,20}$/)
      .optional(),
    postcode: z.string().min(2).max(20).optional(),
  },
  create_ticket: {
    subject: z.string().min(1).max(200),
    body: z.string().min(1).max(20_000),
    priority: z.number().int().min(1).max(10).default(5),
  },
  hand_over: {
    reason: z.string().min(1).max(2000).describe('why a person should take over, with what was tried'),
    priority: z.number().int().min(1).max(10).default(7),
  },
} as const satisfies Record<SafeActionKind, z.ZodRawShape>;

export type ActionParams<K extends SafeActionKind> = z.output<z.ZodObject<(typeof actionParams)[K]>>;
