// The safe-action desk: every write a support desk makes on a customer's account goes through here.
// In order: the customer is verified for the account, the exact change is stated and must be confirmed
// with the statement's token, policy decides whether a person must approve (and who), and the change is
// performed once per idempotency key — audited in the same transaction, and reversible where allowed.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CallContext, Caller, DeskRole } from '../domain/index.js';
import { DeskError } from '../errors.js';
import type { Database, Queryable, Stores } from '../store/index.js';
import {
  createTicketAction,
  goodwillCreditAction,
  handOverAction,
  updateContactAction,
} from './account-actions.js';
import {
  cancelOrderAction,
  changeAddressAction,
  refundAction,
  returnOrExchangeAction,
} from './order-actions.js';
import { confirmationOnRecord, moneyKinds, refundedInPeriod } from './money-rule.js';
import { actionParams } from './params.js';
import { defaultActionPolicy, evaluateAction, type ActionPolicyOptions } from './policy.js';
import type {
  ActionApprover,
  ActionCommand,
  ActionKindSpec,
  ActionOutcome,
  SafeActionKind,
} from './types.js';

const kinds: Record<SafeActionKind, ActionKindSpec> = {
  refund: refundAction,
  cancel_order: cancelOrderAction,
  change_address: changeAddressAction,
  return_or_exchange: returnOrExchangeAction,
  goodwill_credit: goodwillCreditAction,
  update_contact: updateContactAction,
  create_ticket: createTicketAction,
  hand_over: handOverAction,
};

export const isReversible = (kind: SafeActionKind) => kinds[kind].reversible;

export interface ActionDeskDeps {
  db: Database;
  stores: Stores;
  policy?: Partial<ActionPolicyOptions>;
  now?: () => Date;
}

const actorOf = (caller: Caller) =>
  caller.kind === 'desk'
    ? { actor: 'desk', actorRole: 'desk' }
    : caller.kind === 'customer'
      ? { actor: caller.id, actorRole: 'customer' }
      : { actor: caller.id, actorRole: caller.role };

const statementOf = (result: Record<string, unknown>, fallback: string) =>
  typeof result._statement === 'string' ? result._statement : fallback;

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, '');

export class ActionDesk {
  private readonly policy: ActionPolicyOptions;
  private readonly now: () => Date;

  constructor(private readonly deps: ActionDeskDeps) {
    this.policy = { ...defaultActionPolicy, ...deps.policy };
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * States, checks and (once confirmed and allowed) performs one action. Never throws for "not yet": an
   * unconfirmed or unapproved action comes back as `needs_confirmation` / `needs_approval` with nothing
   * changed; a `preview` only ever states. Throws CUSTOMER_NOT_VERIFIED, ORDER_NOT_FOUND, ACTION_NOT_ALLOWED,
   * INVALID_AMOUNT, ... otherwise.
   */
  async request(command: ActionCommand, context: CallContext): Promise<ActionOutcome> {
    const spec = kinds[command.kind];
    const parsed = z.object(actionParams[command.kind]).safeParse(command.params);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.'));
      throw new DeskError(
        'VALIDATION_FAILED',
        `Invalid ${command.kind}: ${parsed.error.issues[0]?.message} at ${fields[0]}`,
        {
          fields,
        },
      );
    }
    const { tenantId } = context;
    const customer = await this.deps.stores.customers.get(tenantId, command.customerId);
    if (!customer) {
      throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${command.customerId}`, {
        customerId: command.customerId,
      });
    }
    this.authenticate(spec, customer, command, context);

    const previous = await this.recorded(tenantId, command.idempotencyKey);
    if (previous) {
      if (previous.kind !== command.kind || previous.customerId !== customer.id) {
        throw new DeskError('ACTION_NOT_ALLOWED', 'This idempotency key was used for another action', {
          idempotencyKey: command.idempotencyKey,
        });
      }
      return this.outcome(
        'already_performed',
        command,
        statementOf(previous.result, ''),
        [],
        [],
        previous.result,
        '',
      );
    }

    const plan = await spec.plan(parsed.data, {
      tenantId,
      customer,
      key: command.idempotencyKey,
      conversationId: context.conversationId,
      stores: this.deps.stores,
      now: this.now(),
    });
    const inPeriod =
      command.kind === 'refund' && plan.policy.amount
        ? await refundedInPeriod(this.deps.stores, tenantId, customer.id, plan.policy.amount.currency, {
            since: new Date(this.now().getTime() - this.policy.refundPeriodDays * 86_400_000),
          })
        : undefined;
    const verdict = evaluateAction(
      { kind: command.kind, tier: customer.tier, ...plan.policy, refundedInPeriod: inPeriod },
      this.policy,
    );
    const token = this.tokenFor(tenantId, command, plan.statement);
    const money = moneyKinds.has(command.kind);
    // The in-process desk without a token confirms through its own flow (quality applies the same rules
    // before deliver) — except for money, which never moves on the desk's word alone. With a token it relays
    // the customer's confirmation of a statement from the conversation and is held to it, and to policy,
    // exactly like everyone else.
    const trustedDesk =
      context.caller.kind === 'desk' && command.confirmationToken === undefined && !command.preview && !money;
    const approver = this.approverOf(context.caller, command, verdict.allowedRoles);
    // The rule no classifier can bypass: the desk moves money only on the customer's own yes to this exact
    // statement, on record in the conversation after the desk stated it, or on an approver's answer.
    const deskApproval = context.caller.kind === 'desk' ? this.deskApproverOf(command, verdict) : undefined;
    if (money && context.caller.kind === 'desk' && !command.preview && !deskApproval) {
      const confirmed =
        command.confirmationToken === token &&
        (await confirmationOnRecord(this.deps.stores, tenantId, context.conversationId, plan.statement));
      if (!confirmed) {
        return this.outcome(
          'needs_confirmation',
          command,
          plan.statement,
          verdict.reasons,
          verdict.allowedRoles,
          null,
          token,
        );
      }
    }
    const approvedMoney = money && deskApproval !== undefined;
    if (
      command.preview ||
      (spec.changesAccount && !trustedDesk && !approvedMoney && command.confirmationToken !== token)
    ) {
      return this.outcome(
        'needs_confirmation',
        command,
        plan.statement,
        verdict.reasons,
        verdict.allowedRoles,
        null,
        token,
      );
    }
    if (verdict.needsPerson && !trustedDesk && !approver) {
      return this.outcome(
        'needs_approval',
        command,
        plan.statement,
        verdict.reasons,
        verdict.allowedRoles,
        null,
        token,
      );
    }

    const { actor, actorRole } = actorOf(context.caller);
    const { result, performed } = await this.deps.stores.actions.perform(
      tenantId,
      {
        key: command.idempotencyKey,
        kind: command.kind,
        conversationId: context.conversationId ?? 'mcp',
        requestId: context.requestId ?? `mcp:${actor}`,
      },
      async (tx) => {
        const effect = await plan.perform(tx);
        await tx.query('UPDATE actions SET customer_id = $3 WHERE tenant_id = $1 AND idempotency_key = $2', [
          tenantId,
          command.idempotencyKey,
          customer.id,
        ]);
        await this.deps.stores.audit.record(
          tenantId,
          {
            actor,
            actorRole,
            action: `action.${command.kind}`,
            subjectType: plan.subject.type,
            subjectId: plan.subject.id,
            details: {
              idempotencyKey: command.idempotencyKey,
              statement: plan.statement,
              customerId: customer.id,
              ...(verdict.needsPerson
                ? {
                    approvalReasons: verdict.reasons,
                    approvedBy: approver?.id ?? actor,
                    ...(approver?.approvalId ? { approvalId: approver.approvalId } : {}),
                  }
                : {}),
              // What allowed money to move: the approval answered, or the customer's confirmation.
              ...(money
                ? deskApproval
                  ? { approvedBy: deskApproval.id, approvalId: deskApproval.approvalId }
                  : context.caller.kind === 'desk'
                    ? { confirmedInConversation: context.conversationId }
                    : { confirmedWith: 'token', actorRole }
                : {}),
            },
          },
          tx,
        );
        return { ...effect, _statement: plan.statement };
      },
    );
    return this.outcome(
      performed ? 'performed' : 'already_performed',
      command,
      plan.statement,
      verdict.reasons,
      verdict.allowedRoles,
      result,
      '',
    );
  }

  /**
   * Reverses a performed action where the business allows, exactly once: a second call reports it was
   * already reversed. Throws ACTION_NOT_FOUND, ACTION_NOT_REVERSIBLE.
   */
  async reverse(
    idempotencyKey: string,
    context: CallContext,
  ): Promise<{ kind: SafeActionKind; reversed: boolean; statement: string }> {
    const { tenantId } = context;
    const recorded = await this.recorded(tenantId, idempotencyKey);
    const spec = recorded && (kinds as Record<string, ActionKindSpec | undefined>)[recorded.kind];
    if (
      !recorded ||
      !spec ||
      (context.caller.kind === 'customer' && context.caller.customerId !== recorded.customerId)
    ) {
      throw new DeskError('ACTION_NOT_FOUND', `No action ${idempotencyKey}`, { idempotencyKey });
    }
    if (!spec.reverse) {
      throw new DeskError('ACTION_NOT_REVERSIBLE', `A ${spec.kind} cannot be reversed`, { kind: spec.kind });
    }
    const undo = spec.reverse;
    const statement = `Reverse: ${statementOf(recorded.result, spec.kind)}`;
    const { actor, actorRole } = actorOf(context.caller);
    const reversed = await this.deps.db.transaction(async (tx: Queryable) => {
      const claimed = await tx.query(
        `UPDATE actions SET reversed_at = now(), reversed_by = $3
         WHERE tenant_id = $1 AND idempotency_key = $2 AND reversed_at IS NULL RETURNING 1`,
        [tenantId, idempotencyKey, actor],
      );
      if (claimed.length === 0) return false;
      await undo(recorded.result, tx, { tenantId });
      await this.deps.stores.audit.record(
        tenantId,
        {
          actor,
          actorRole,
          action: `action.${spec.kind}.reversed`,
          subjectType: 'action',
          subjectId: idempotencyKey,
          details: { statement },
        },
        tx,
      );
      return true;
    });
    return { kind: spec.kind, reversed, statement };
  }

  /**
   * The person the in-process desk names as having approved this action in its approval flow: one with a
   * role allowed by policy, or (when policy needs nobody) any desk role.
   */
  private deskApproverOf(
    command: ActionCommand,
    verdict: { needsPerson: boolean; allowedRoles: readonly DeskRole[] },
  ): ActionApprover | undefined {
    const named = command.approvedBy;
    if (!named) return undefined;
    const roles: readonly DeskRole[] = verdict.needsPerson
      ? verdict.allowedRoles
      : ['agent', 'approver', 'admin'];
    return roles.includes(named.role) ? named : undefined;
  }

  /** Who approves this action, if anyone may: a person with an allowed role, or the one the desk names. */
  private approverOf(
    caller: Caller,
    command: ActionCommand,
    allowedRoles: readonly DeskRole[],
  ): { id: string; approvalId?: string } | undefined {
    if (caller.kind === 'person') return allowedRoles.includes(caller.role) ? { id: caller.id } : undefined;
    const named = caller.kind === 'desk' ? command.approvedBy : undefined;
    return named && allowedRoles.includes(named.role)
      ? { id: named.id, approvalId: named.approvalId }
      : undefined;
  }

  private authenticate(
    spec: ActionKindSpec,
    customer: { id: string; email: string; postcode: string },
    command: ActionCommand,
    context: CallContext,
  ): void {
    const caller = context.caller;
    const refuse = (why: string) => {
      throw new DeskError('CUSTOMER_NOT_VERIFIED', why, { customerId: customer.id });
    };
    if (caller.kind === 'desk') {
      // The channel authenticated the conversation's customer; the desk acts for that customer only.
      if (context.customerId && context.customerId !== customer.id)
        refuse('The desk acts only for the conversation’s customer');
      return;
    }
    if (caller.kind === 'customer') {
      if (caller.customerId !== customer.id) {
        throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${customer.id}`, { customerId: customer.id });
      }
      return;
    }
    if (!spec.changesAccount) return;
    const proof = command.verification;
    if (!proof) refuse('Verify the customer first: their email address and postcode');
    if (
      normalise(proof!.email) !== normalise(customer.email) ||
      normalise(proof!.postcode) !== normalise(customer.postcode)
    ) {
      refuse('The email address and postcode do not match this account');
    }
  }

  /** Binds a confirmation to the exact change: a different amount, order or key needs a new confirmation. */
  private tokenFor(tenantId: string, command: ActionCommand, statement: string): string {
    const digest = createHash('sha256')
      .update(JSON.stringify([tenantId, command.kind, command.customerId, command.idempotencyKey, statement]))
      .digest('hex');
    return `cf_${digest.slice(0, 20)}`;
  }

  private async recorded(tenantId: string, key: string) {
    const [row] = await this.deps.db.query<{
      kind: string;
      result: Record<string, unknown>;
      customer_id: string | null;
    }>('SELECT kind, result, customer_id FROM actions WHERE tenant_id = $1 AND idempotency_key = $2', [
      tenantId,
      key,
    ]);
    // A row whose effect is still committing has an empty result; the ledger serialises that case.
    if (!row || Object.keys(row.result).length === 0) return undefined;
    return { kind: row.kind, result: row.result, customerId: row.customer_id };
  }

  private outcome(
    status: ActionOutcome['status'],
    command: ActionCommand,
    statement: string,
    approvalReasons: string[],
    allowedRoles: ActionOutcome['allowedRoles'],
    stored: Record<string, unknown> | null,
    confirmationToken: string,
  ): ActionOutcome {
    const result = stored
      ? Object.fromEntries(Object.entries(stored).filter(([key]) => key !== '_statement'))
      : null;
    return {
      status,
      kind: command.kind,
      idempotencyKey: command.idempotencyKey,
      statement,
      confirmationToken,
      approvalReasons,
      allowedRoles,
      reversible: kinds[command.kind].reversible,
      result,
    };
  }
}
