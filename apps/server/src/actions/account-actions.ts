// Actions on the account itself: a goodwill credit, new contact details, a ticket for another team, and
// handing the conversation over to a person.
import { Money } from '../domain/index.js';
import { DeskError } from '../errors.js';
import { idFor } from './order-actions.js';
import type { ActionParams } from './params.js';
import type { ActionKindSpec } from './types.js';

export const goodwillCreditAction: ActionKindSpec = {
  kind: 'goodwill_credit',
  changesAccount: true,
  reversible: true,
  plan(raw, context) {
    const params = raw as ActionParams<'goodwill_credit'>;
    const amount = Money.of(params.amountMinor, params.currency);
    const creditId = idFor('cr_', context.key);
    return Promise.resolve({
      statement: `Add a goodwill credit of ${amount.format()} to ${context.customer.name}'s account, for: ${params.reason}.`,
      subject: { type: 'customer' as const, id: context.customer.id },
      policy: { amount },
      perform: async (tx) => {
        await tx.query(
          `INSERT INTO customer_credits (tenant_id, id, customer_id, amount_minor, currency, reason)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            context.tenantId,
            creditId,
            context.customer.id,
            params.amountMinor,
            params.currency,
            params.reason,
          ],
        );
        return { creditId, amountMinor: params.amountMinor, currency: params.currency };
      },
    });
  },
  reverse: async (result, tx, { tenantId }) => {
    await tx.query(`UPDATE customer_credits SET status = 'voided' WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      result.creditId,
    ]);
  },
};

const contactFields = ['email', 'phone', 'postcode'] as const;

export const updateContactAction: ActionKindSpec = {
  kind: 'update_contact',
  changesAccount: true,
  reversible: true,
  plan(raw, context) {
    const params = raw as ActionParams<'update_contact'>;
    const changes = contactFields.filter((field) => params[field] !== undefined);
    if (changes.length === 0) {
      throw new DeskError('VALIDATION_FAILED', 'Say which contact detail changes: email, phone or postcode', {
        field: 'email',
      });
    }
    const customer = context.customer;
    const previous = Object.fromEntries(changes.map((field) => [field, customer[field]]));
    const next = Object.fromEntries(changes.map((field) => [field, params[field]!]));
    return Promise.resolve({
      statement: `Change ${changes.map((field) => `the ${field} to ${next[field]}`).join(' and ')} on ${customer.name}'s account.`,
      subject: { type: 'customer' as const, id: customer.id },
      policy: {},
      perform: async (tx) => {
        await setContact(tx, context.tenantId, customer.id, next);
        return { customerId: customer.id, changed: next, previous };
      },
    });
  },
  reverse: async (result, tx, { tenantId }) => {
    await setContact(tx, tenantId, String(result.customerId), result.previous as Record<string, string>);
  },
};

async function setContact(
  tx: { query: (sql: string, params?: readonly unknown[]) => Promise<unknown[]> },
  tenantId: string,
  customerId: string,
  values: Record<string, string>,
) {
  await tx.query(
    `UPDATE customers SET email = COALESCE($3, email), phone = COALESCE($4, phone),
       postcode = COALESCE($5, postcode) WHERE tenant_id = $1 AND id = $2`,
    [tenantId, customerId, values.email ?? null, values.phone ?? null, values.postcode ?? null],
  );
}

export const ticketIdFor = (key: string) => idFor('T-', key).toUpperCase();

export const createTicketAction: ActionKindSpec = {
  kind: 'create_ticket',
  changesAccount: false,
  reversible: true,
  plan(raw, context) {
    const params = raw as ActionParams<'create_ticket'>;
    const ticketId = ticketIdFor(context.key);
    return Promise.resolve({
      statement: `Open ticket ${ticketId} for the specialist team: "${params.subject}" (priority ${params.priority}).`,
      subject: { type: 'ticket' as const, id: ticketId },
      policy: {},
      perform: async (tx) => {
        await context.stores.tickets.create(
          context.tenantId,
          {
            id: ticketId,
            conversationId: context.conversationId ?? '',
            customerId: context.customer.id,
            subject: params.subject,
            body: params.body,
            priority: params.priority,
          },
          tx,
        );
        return { ticketId };
      },
    });
  },
  reverse: async (result, tx, { tenantId }) => {
    await tx.query(
      `UPDATE tickets SET status = 'closed', updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [tenantId, result.ticketId],
    );
  },
};

export const handOverAction: ActionKindSpec = {
  kind: 'hand_over',
  changesAccount: false,
  reversible: false,
  plan(raw, context) {
    const params = raw as ActionParams<'hand_over'>;
    const ticketId = ticketIdFor(context.key);
    return Promise.resolve({
      statement: `Hand ${context.customer.name}'s conversation over to a person (ticket ${ticketId}, priority ${params.priority}).`,
      subject: { type: 'ticket' as const, id: ticketId },
      policy: {},
      perform: async (tx) => {
        await tx.query(
          `INSERT INTO tickets (tenant_id, id, conversation_id, customer_id, subject, body, priority, kind)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'handover')`,
          [
            context.tenantId,
            ticketId,
            context.conversationId ?? '',
            context.customer.id,
            'Hand over to a person',
            params.reason,
            params.priority,
          ],
        );
        if (context.conversationId) {
          await tx.query(
            `UPDATE conversations SET status = 'handed_over', updated_at = now() WHERE tenant_id = $1 AND id = $2`,
            [context.tenantId, context.conversationId],
          );
        }
        return { ticketId };
      },
    });
  },
};
