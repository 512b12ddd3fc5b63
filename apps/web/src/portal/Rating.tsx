// The satisfaction rating (CSAT) offered once a conversation is answered: 1–5 and an optional comment, as
// one compact row under the messages, so it never takes the reply's room (the comment field appears once a
// score is picked).
import { useState, type FormEvent } from 'react';
import { describeError, newIdempotencyKey, type ApiClient } from '../api/client.js';

const faces = ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'];

export function Rating({ client, threadId }: { client: ApiClient; threadId: string }) {
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState<number>();
  const [error, setError] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!score) return;
    try {
      await client.post(
        `/v1/conversations/${threadId}/rating`,
        { score, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        newIdempotencyKey(),
      );
      setSent(score);
      setError(undefined);
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  if (sent) {
    return (
      <p className="rating-thanks" role="status">
        Thank you — you rated this conversation {sent} out of 5.
      </p>
    );
  }
  return (
    <form className="rating" onSubmit={(event) => void submit(event)} aria-label="Rate this conversation">
      <fieldset>
        <legend>How did we do?</legend>
        <div className="rating-scale">
          {faces.map((label, i) => (
            <label key={label} className={`rating-option${score === i + 1 ? ' selected' : ''}`} title={label}>
              <input
                type="radio"
                name="csat"
                value={i + 1}
                checked={score === i + 1}
                onChange={() => setScore(i + 1)}
              />
              <span aria-hidden="true">{i + 1}★</span>
              <span className="visually-hidden">
                {i + 1} — {label}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {score !== undefined && (
        <>
          <label htmlFor="rating-comment" className="visually-hidden">
            Comment (optional)
          </label>
          <input
            id="rating-comment"
            className="rating-comment"
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            placeholder="Comment (optional)"
            maxLength={2000}
          />
        </>
      )}
      <button type="submit" className="button small" disabled={!score}>
        Send rating
      </button>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
