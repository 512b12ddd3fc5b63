// The inbox's keyboard: j/k move, c claims, r replies, a and e open the approval to approve or edit, ?
// lists them. Keys typed into a field are the person's text, never a shortcut.
import { useEffect, useRef, useState } from 'react';

export interface ShortcutActions {
  next: () => void;
  previous: () => void;
  claim: () => void;
  reply: () => void;
  approve: () => void;
  edit: () => void;
}

export const shortcutList: Array<[key: string, what: string]> = [
  ['j', 'next conversation'],
  ['k', 'previous conversation'],
  ['c', 'claim it (take it over from the agents)'],
  ['r', 'reply to the customer'],
  ['a', 'approve: opens its approval with Approve ready (Enter approves)'],
  ['e', 'edit: opens its approval with the edit form open'],
  ['?', 'show or hide these shortcuts'],
];

const typingInto = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function useShortcuts(actions: ShortcutActions) {
  const [open, setOpen] = useState(false);
  // The newest actions (they close over the newest rows), without listening again on every render.
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typingInto(event.target)) return;
      const actions = latest.current;
      const act: Record<string, () => void> = {
        j: actions.next,
        k: actions.previous,
        c: actions.claim,
        r: actions.reply,
        a: actions.approve,
        e: actions.edit,
        '?': () => setOpen((was) => !was),
        Escape: () => setOpen(false),
      };
      const action = act[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return { open, toggle: () => setOpen((was) => !was), close: () => setOpen(false) };
}

export function Shortcuts({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return (
    <div className="card shortcuts" role="dialog" aria-modal="false" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {shortcutList.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button link" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
