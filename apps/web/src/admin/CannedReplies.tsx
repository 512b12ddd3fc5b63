// Canned replies: picked into a reply (where the person edits it before sending), and kept by the team —
// add, edit, remove.
import { useState } from 'react';
import type { api } from '@frontdesk/contracts';
import type { ApiClient } from '../api/client.js';
import { describeError } from '../api/client.js';
import { useLoad } from '../shared/useLoad.js';

type Canned = api.CannedReply;

export function CannedPicker({ client, onInsert }: { client: ApiClient; onInsert: (body: string) => void }) {
  const canned = useLoad(
    (signal) => client.get<{ cannedReplies: Canned[] }>('/v1/canned-replies', signal),
    [client],
  );
  const [chosen, setChosen] = useState('');
  const [editing, setEditing] = useState(false);
  const replies = canned.data?.cannedReplies ?? [];
  return (
    <>
      <label className="field inline">
        <span>Canned reply</span>
        <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">Choose…</option>
          {replies.map((r) => (
            <option key={r.id} value={r.id}>
              {r.title}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button"
        disabled={!chosen}
        onClick={() => {
          const reply = replies.find((r) => r.id === chosen);
          if (reply) onInsert(reply.body);
        }}
      >
        Insert
      </button>
      <button type="button" className="button link" onClick={() => setEditing((was) => !was)}>
        {editing ? 'Done' : 'Manage canned replies'}
      </button>
      {editing && <CannedEditor client={client} replies={replies} onChange={canned.reload} />}
    </>
  );
}

function CannedEditor({
  client,
  replies,
  onChange,
}: {
  client: ApiClient;
  replies: Canned[];
  onChange: () => void;
}) {
  const [draft, setDraft] = useState<{ id?: string; title: string; body: string }>({ title: '', body: '' });
  const [error, setError] = useState<string>();
  const save = async () => {
    try {
      const body = { title: draft.title, body: draft.body };
      if (draft.id) await client.request(`/v1/canned-replies/${draft.id}`, { method: 'PUT', body });
      else await client.post('/v1/canned-replies', body);
      setDraft({ title: '', body: '' });
      setError(undefined);
      onChange();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const remove = async (id: string) => {
    await client
      .request(`/v1/canned-replies/${id}`, { method: 'DELETE' })
      .catch((failure: unknown) => setError(describeError(failure)));
    onChange();
  };
  return (
    <div className="card" aria-label="Canned replies">
      <ul>
        {replies.map((r) => (
          <li key={r.id}>
            {r.title}{' '}
            <button
              type="button"
              className="button link"
              onClick={() => setDraft({ id: r.id, title: r.title, body: r.body })}
            >
              Edit
            </button>
            <button type="button" className="button link" onClick={() => void remove(r.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <label className="field">
        <span>Title</span>
        <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
      </label>
      <label className="field">
        <span>Text</span>
        <textarea value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} />
      </label>
      <button type="button" className="button" onClick={() => void save()}>
        {draft.id ? 'Save changes' : 'Add canned reply'}
      </button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
