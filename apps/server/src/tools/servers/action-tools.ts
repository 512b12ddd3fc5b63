// Safe actions as MCP tools: one tool per action, all with the same protocol. Call once to get the exact
// change stated with a confirmation token; call again with that token (and, for a person acting for a
// customer, the customer's verification) to perform it — once per idempotency key.
import { z } from 'zod';
import {
  actionParams,
  type ActionApprover,
  type ActionDesk,
  type SafeActionKind,
} from '../../actions/index.js';
import { deskRoles, type CallerRole } from '../../domain/index.js';
import { defineTool, requireOwnAccount, type DeskTool } from '../mcp/define.js';

export const actionOutcomeShape = {
  status: z.enum(['needs_confirmation', 'needs_approval', 'performed', 'already_performed']),
  kind: z.string(),
  idempotencyKey: z.string(),
  statement: z.string().describe('the exact change, to read to the customer before confirming'),
  confirmationToken: z.string().describe('pass back as confirmationToken once the customer confirms'),
  approvalReasons: z.array(z.string()),
  allowedRoles: z.array(z.enum(deskRoles)),
  reversible: z.boolean(),
  result: z.record(z.string(), z.unknown()).nullable(),
};

const protocol = {
  customerId: z.string().min(1).describe('the account the action is for'),
  idempotencyKey: z.string().min(8).max(200).describe('one key per action; a retry with it changes nothing'),
  confirmationToken: z.string().optional().describe('from the statement the customer confirmed'),
  verification: z
    .object({ email: z.string().min(3), postcode: z.string().min(2) })
    .optional()
    .describe('a person acting for a customer: the email and postcode the customer gave'),
  preview: z
    .boolean()
    .optional()
    .describe('only state the change and whether a person must approve it; nothing is performed'),
  approvedBy: z
    .object({ id: z.string().min(1), role: z.enum(deskRoles), approvalId: z.string().min(1) })
    .optional()
    .describe('the in-process desk only: who approved the change in its approval flow (ignored otherwise)'),
};

const ACTORS: readonly CallerRole[] = ['customer', 'agent', 'approver', 'admin'];

export function actionTool(
  actions: ActionDesk,
  kind: SafeActionKind,
  name: string,
  title: string,
  description: string,
  roles: readonly CallerRole[] = ACTORS,
): DeskTool {
  return defineTool({
    name,
    title,
    description,
    access: 'write',
    roles,
    input: { ...protocol, ...actionParams[kind] },
    output: actionOutcomeShape,
    handler: async (input, context) => {
      const { customerId, idempotencyKey, confirmationToken, verification, preview, approvedBy, ...params } =
        input as {
          customerId: string;
          idempotencyKey: string;
          confirmationToken?: string;
          verification?: { email: string; postcode: string };
          preview?: boolean;
          approvedBy?: ActionApprover;
        } & Record<string, unknown>;
      requireOwnAccount(context, customerId);
      return actions.request(
        { kind, customerId, params, idempotencyKey, confirmationToken, verification, preview, approvedBy },
        context,
      );
    },
  });
}

export function reverseActionTool(actions: ActionDesk): DeskTool {
  return defineTool({
    name: 'reverse_action',
    title: 'Reverse an action',
    description:
      'Undo a performed action where the business allows (address change, return, credit, contact details, ticket); once only.',
    access: 'write',
    roles: ['agent', 'approver', 'admin'],
    input: { idempotencyKey: z.string().min(8).max(200) },
    output: { kind: z.string(), reversed: z.boolean(), statement: z.string() },
    handler: ({ idempotencyKey }, context) => actions.reverse(idempotencyKey, context),
  });
}
