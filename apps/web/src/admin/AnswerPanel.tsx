// The four answers to an approval — approve, edit, reject with feedback, respond — offered only to the
// roles the approval names. The person and role are the signed-in user's; the API checks them again.
// An account change the customer confirmed is made exactly as confirmed: an edit changes only the message
// the customer gets with it, and a rejection's reason goes to the customer (there is no draft to revise).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError, newIdempotencyKey, type ApiClient } from '../api/client.js';
import type { ApprovalAnswer, ApprovalDetail, Role } from '../api/types.js';
import { money } from '../shared/format.js';
import { isAccountChange } from './ProposedAction.js';

type Mode = 'approve' | 'edit' | 'reject' | 'respond';
type TextMode = Exclude<Mode, 'approve'>;

/** What each answer's text is, and what sends it: for a proposal of the agents, and for a confirmed change. */
const wording: Record<'proposal' | 'change', Record<TextMode, { label: string; send: string }>> = {
  proposal: {
    edit: { label: 'Edited reply (optional)', send: 'Save and approve' },
    reject: { label: 'Feedback for the agents (what to change)', send: 'Send feedback' },
    respond: { label: "Your reply, sent in the customer's thread", send: 'Send reply' },
  },
  change: {
    edit: {
      label: 'Message the customer gets when the change is made (what was done is added after it)',
      send: 'Approve with this message',
    },
    reject: {
      label: 'Why it is not approved (the customer is told; nothing is changed)',
      send: 'Reject and tell the customer',
    },
    respond: {
      label: "Your reply, sent in the customer's thread instead (nothing is changed)",
      send: 'Send reply',
    },
  },
};

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
  const change = isAccountChange(action);
  const words = wording[change ? 'change' : 'proposal'];
  const noteId = `change-note-${approval.id}`;
  const approveButton = useRef<HTMLButtonElement>(null);

  const choose = (next: Mode) => {
    setMode(next);
    setError(undefined);
    if (next === 'edit') {
      setText(approval.proposedReply ?? '');
      setAmount(action?.kind === 'refund' ? (action.amountMinor / 100).toFixed(2) : '');
    } else setText('');
  };

  // The inbox's shortcuts open an approval ready to answer: `a` with Approve focused (Enter approves), `e`
  // with the edit form open.
  const open = approval.status === 'pending' && approval.allowedRoles.includes(role);
  useEffect(() => {
    if (!open) return;
    if (window.location.hash === '#approve') approveButton.current?.focus();
    if (window.location.hash === '#edit') choose('edit');
  }, [approval.id, open]);

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

  const answerBody = (): ApprovalAnswer => {
    switch (mode) {
      case 'reject':
        return { decision: 'reject', feedback: text.trim() };
      case 'respond':
        return { decision: 'respond', reply: text.trim() };
      case 'edit': {
        // A confirmed change is never sent back edited: the API would not take it, and the desk is held to
        // the statement the customer confirmed.
        const edited =
          !change && action?.kind === 'refund' && amount
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

  const needsText = mode === 'reject' || mode === 'respond' || (mode === 'edit' && change);
  return (
    <div className="answer-panel">
      {change && (
        <p className="notice notice-info" id={noteId}>
          The change itself can't be edited: the action desk makes exactly the change the customer confirmed,
          so an edit changes only the message they get with it. Approve to make the change; reject or respond
          to leave everything as it is.
        </p>
      )}
      <div
        className="button-row"
        role="group"
        aria-label="Answer this approval"
        aria-describedby={change ? noteId : undefined}
      >
        <button
          ref={approveButton}
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => void submit()}
        >
          Approve
        </button>
        <button
          type="button"
          className="button"
          aria-pressed={mode === 'edit'}
          onClick={() => choose('edit')}
        >
          {change ? 'Edit message' : 'Edit'}
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
            <span>{words[mode].label}</span>
            <textarea
              value={text}
              onChange={(event) => setText(event.target.value)}
              rows={4}
              required={needsText}
            />
          </label>
          <button type="submit" className="button primary" disabled={busy || (needsText && !text.trim())}>
            {words[mode].send}
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
