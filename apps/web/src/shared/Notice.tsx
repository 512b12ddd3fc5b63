// The states every view shares: loading, empty, and errors that say what happened and what to do.
import type { ReactNode } from 'react';
import { describeError } from '../api/client.js';
import type { StreamState } from '../api/stream.js';

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{describeError(error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="notice notice-empty">
      <p className="notice-title">{title}</p>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

const streamWords: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost — reconnecting…',
  closed: 'Offline',
};

/** Whether the live connection is up; a drop is said out loud, and the reconnect too. */
export function StreamBadge({ state }: { state: StreamState }) {
  return (
    <span className={`stream-badge stream-${state}`} role="status" aria-live="polite">
      {streamWords[state]}
    </span>
  );
}

/**
 * A wide table that scrolls sideways inside its card on a small screen. The region takes keyboard focus,
 * so people who do not use a mouse can scroll it too; `label` names it for screen readers.
 */
export function ScrollingTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
