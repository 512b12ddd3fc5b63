// What an approval proposes to do, as the approver reads it: a refund or ticket the agents drafted, or an
// account change the customer confirmed in the conversation — which change, on which order, with what, and
// the exact statement the customer said yes to (the action desk is held to that statement).
import type { ProposedAccountChange, ProposedAction } from '../api/types.js';
import { money } from '../shared/format.js';

// The contract's account-change kinds, checked against it here (a value import would bundle zod).
const accountChangeKinds: Record<ProposedAccountChange['kind'], true> = {
  cancel_order: true,
  change_address: true,
  return_or_exchange: true,
  goodwill_credit: true,
};

export const isAccountChange = (action: ProposedAction | null): action is ProposedAccountChange =>
  action !== null && Object.hasOwn(accountChangeKinds, action.kind);

/** The order an approval is about, when it is about one (to pick it out in the customer's orders). */
export const orderOf = (action: ProposedAction | null): string | undefined =>
  action && 'orderId' in action ? action.orderId : undefined;

function changeTitle(change: ProposedAccountChange): string {
  switch (change.kind) {
    case 'cancel_order':
      return 'Cancel the order';
    case 'change_address':
      return 'Change the delivery address';
    case 'return_or_exchange':
      return change.type === 'exchange' ? 'Exchange items from the order' : 'Return items from the order';
    case 'goodwill_credit':
      return 'Credit the customer’s account';
  }
}

/** The change's own parameters, beyond the order and the reason. */
function ChangeDetails({ change }: { change: ProposedAccountChange }) {
  switch (change.kind) {
    case 'change_address': {
      const a = change.address;
      return (
        <>
          <dt>New address</dt>
          <dd>
            <address>
              {a.line1}, {a.city}, {a.region} {a.postcode}, {a.country}
            </address>
          </dd>
        </>
      );
    }
    case 'return_or_exchange':
      return (
        <>
          <dt>Items</dt>
          <dd>
            <ul className="change-items">
              {change.items.map((item) => (
                <li key={item.sku}>
                  {item.quantity} × <code>{item.sku}</code>
                </li>
              ))}
            </ul>
          </dd>
          {change.exchangeForSku && (
            <>
              <dt>Sent instead</dt>
              <dd>
                <code>{change.exchangeForSku}</code>
              </dd>
            </>
          )}
        </>
      );
    case 'goodwill_credit':
      return (
        <>
          <dt>Amount</dt>
          <dd>{money(change.amountMinor, change.currency)}</dd>
        </>
      );
    case 'cancel_order':
      return null;
  }
}

function AccountChange({ change }: { change: ProposedAccountChange }) {
  return (
    <div className="proposal account-change">
      <p className="proposal-what">
        <strong>{changeTitle(change)}</strong>
        <span className="pill">account change</span>
      </p>
      <dl className="facts">
        {'orderId' in change && (
          <>
            <dt>Order</dt>
            <dd>
              <strong>{change.orderId}</strong>
            </dd>
          </>
        )}
        <ChangeDetails change={change} />
        {'reason' in change && change.reason && (
          <>
            <dt>Reason</dt>
            <dd>{change.reason}</dd>
          </>
        )}
      </dl>
      <figure className="confirmed-statement">
        <figcaption>The customer confirmed exactly this change:</figcaption>
        <blockquote>{change.statement}</blockquote>
      </figure>
    </div>
  );
}

export function ProposedActionView({ action }: { action: ProposedAction | null }) {
  if (!action) return null;
  if (isAccountChange(action)) return <AccountChange change={action} />;
  switch (action.kind) {
    case 'refund':
      return (
        <p className="proposal">
          Refund <strong>{money(action.amountMinor, action.currency)}</strong> on order{' '}
          <strong>{action.orderId}</strong>
          {action.reason ? ` — ${action.reason}` : ''}
        </p>
      );
    case 'create_ticket':
      return (
        <p className="proposal">
          Open a ticket (priority {action.priority}): <strong>{action.subject}</strong>
          <br />
          {action.body}
        </p>
      );
    default: {
      // A kind this dashboard does not know yet (a newer server): shown as recorded rather than hidden.
      const unknown: { kind: string } = action;
      return (
        <div className="proposal">
          <p>
            Proposed action <code>{unknown.kind}</code>:
          </p>
          <pre className="proposal-raw">{JSON.stringify(unknown, null, 2)}</pre>
        </div>
      );
    }
  }
}
