// The four answers to an approval — approve, edit, reject with feedback, respond — offered only to the
// roles the approval names. The person and role are the signed-in user's; the API checks them again.
import { useState, type FormEvent } from 'react';
import { describeError, newIdempotencyKey, type ApiClient } from '../api/client.js';
import type { ApprovalAnswer, ApprovalDetail, Role } from '../api/types.js';
import { money } from '../shared/format.js';

type Mode = 'approve' | 'edit' | 'reject' | 'respond';

interface AnswerPanelProps {
  client: ApiClient;
  approval: ApprovalDetail;
  role: Role;
  onAnswered: (decision: Mode) => void;
}

export function AnswerPanel({ client, approval, role, onAnswered }: AnswerPanelProps) {
  const [mode, setMode] = useState<Mode>();
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const action = approval.proposedAction;

  if (approval.status !== 'pending') {
    return <p className="muted">This approval was answered ({approval.status}).</p>;
  }
  if (!approval.allowedRoles.includes(role)) {
    return (
      <p className="notice notice-info">
        Only {approval.allowedRoles.join(' or ')} may answer this; you are signed in as {role}.
      </p>
    );
  }

  const choose = (next: Mode) => {
    setMode(next);
    setError(undefined);
    if (next === 'edit') {
      setText(approval.proposedReply ?? '');
      setAmount(action?.kind === 'refund' ? (action.amountMinor / 100).toFixed(2) : '');
    } else setText('');
  };

  const answerBody = (): ApprovalAnswer => {
    switch (mode) {
      case 'reject':
        return { decision: 'reject', feedback: text.trim() };
      case 'respond':
        return { decision: 'respond', reply: text.trim() };
      case 'edit': {
        const edited =
          action?.kind === 'refund' && amount
            ? { action: { ...action, amountMinor: Math.round(Number(amount) * 100) } }
            : {};
        return { decision: 'edit', ...(text.trim() ? { reply: text.trim() } : {}), ...edited };
      }
      default:
        return { decision: 'approve' };
    }
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = answerBody();
      await client.post(`/v1/approvals/${approval.id}/answer`, body, newIdempotencyKey());
      onAnswered(body.decision);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const needsText = mode === 'reject' || mode === 'respond';
  return (
    <div className="answer-panel">
      <div className="button-row" role="group" aria-label="Answer this approval">
        <button type="button" className="button primary" disabled={busy} onClick={() => void submit()}>
          Approve
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={mode === 'edit'}
          onClick={() => choose('edit')}
        >
          Edit
        </button>
        <button
          type="button"
          className="button danger"
          aria-pressed={mode === 'reject'}
          onClick={() => choose('reject')}
        >
          Reject
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={mode === 'respond'}
          onClick={() => choose('respond')}
        >
          Respond
        </button>
      </div>
      {mode && mode !== 'approve' && (
        <form className="stack" onSubmit={(event) => void submit(event)} aria-label={`${mode} form`}>
          {mode === 'edit' && action?.kind === 'refund' && (
            <label className="field">
              <span>
                Refund amount ({action.currency}); proposed {money(action.amountMinor, action.currency)}
              </span>
              <input
                type="number"
                min="0.01"
                step="0.01"
                value={amount}
                onChange={(event) => setAmount(event.target.value)}
              />
            </label>
          )}
          <label className="field">
            <span>
              {mode === 'reject'
                ? 'Feedback for the agents (what to change)'
                : mode === 'respond'
                  ? "Your reply, sent in the customer's thread"
                  : 'Edited reply (optional)'}
            </span>
            <textarea
              value={text}
              onChange={(event) => setText(event.target.value)}
              rows={4}
              required={needsText}
            />
          </label>
          <button type="submit" className="button primary" disabled={busy || (needsText && !text.trim())}>
            {mode === 'reject' ? 'Send feedback' : mode === 'respond' ? 'Send reply' : 'Save and approve'}
          </button>
        </form>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
