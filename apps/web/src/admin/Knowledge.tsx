// Knowledge: browse, open, edit and publish the help centre's articles, search it and uploaded documents
// (matches marked, scores as bands), upload a document (Markdown, HTML, text, PDF),
// and review the draft articles the desk learnt from resolved escalations. Parts the server does not
// offer (an older server without the knowledge base) say so instead of failing.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, describeError, type ApiClient } from '../api/client.js';
import type { Draft, KnowledgeHit } from '../api/types.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { cutAtWord } from '../shared/format.js';
import { useLoad } from '../shared/useLoad.js';
import { ArticleBrowser } from './Articles.js';
import type { SectionProps } from './Dashboard.js';
import { bandWords, scoreBand } from './score-band.js';

const missing = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 405);

/** Hybrid search when the knowledge base is there, the help-centre article search otherwise. */
export async function searchKnowledge(client: ApiClient, query: string): Promise<KnowledgeHit[]> {
  try {
    const found = await client.post<{ results: KnowledgeHit[] }>('/v1/knowledge/search', {
      query,
      limit: 8,
      visibility: 'all',
    });
    return found.results;
  } catch (error) {
    if (!missing(error)) throw error;
    const found = await client.get<{ results: KnowledgeHit[] }>(
      `/v1/knowledge/search?q=${encodeURIComponent(query)}&limit=8`,
    );
    return found.results;
  }
}

export function Knowledge({ client, articleId }: SectionProps & { articleId?: string }) {
  return (
    <section aria-labelledby="knowledge-title">
      <h1 id="knowledge-title">Knowledge</h1>
      <Search client={client} />
      <ArticleBrowser client={client} {...(articleId ? { openId: articleId } : {})} />
      <Upload client={client} />
      <Drafts client={client} />
    </section>
  );
}

function Search({ client }: Pick<SectionProps, 'client'>) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<KnowledgeHit[]>();
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    try {
      setHits(await searchKnowledge(client, query.trim()));
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="card">
      <h2>Search</h2>
      <form className="inline-form" role="search" onSubmit={(event) => void submit(event)}>
        <label className="field grow">
          <span>Search the knowledge base</span>
          <input
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="return policy, password reset…"
          />
        </label>
        <button type="submit" className="button primary">
          Search
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {hits && hits.length === 0 && <Empty title="Nothing matches" />}
      {hits && hits.length > 0 && <Hits hits={hits} />}
    </div>
  );
}

export function Hits({ hits }: { hits: KnowledgeHit[] }) {
  const best = Math.max(...hits.map((hit) => hit.score ?? 0));
  return (
    <ol className="hits">
      {hits.map((hit, i) => {
        const band = typeof hit.score === 'number' ? scoreBand(hit.score, best) : undefined;
        return (
          <li key={hit.documentId ?? hit.id ?? i}>
            <strong>{hit.title}</strong> {hit.visibility && <span className="pill">{hit.visibility}</span>}
            {band && (
              <span className={`pill band-${band}`} title={`search score ${hit.score!.toFixed(4)}`}>
                {bandWords[band]}
                <span className="visually-hidden"> (score {hit.score!.toFixed(4)})</span>
              </span>
            )}
            <p>
              <Snippet hit={hit} />
            </p>
          </li>
        );
      })}
    </ol>
  );
}

/** The hit's snippet with the matched words marked (a server without snippets: the passage's opening). */
export function Snippet({ hit }: { hit: KnowledgeHit }) {
  const snippet = hit.passages?.[0]?.snippet;
  if (!snippet) return <>{cutAtWord(hit.passages?.[0]?.text ?? hit.body ?? '', 280)}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of snippet.marks) {
    parts.push(snippet.text.slice(at, start), <mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}

function Upload({ client }: Pick<SectionProps, 'client'>) {
  const [file, setFile] = useState<File>();
  const [visibility, setVisibility] = useState('internal');
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    try {
      const query = new URLSearchParams({ name: file.name, visibility });
      const result = await client.request<{ status?: string; documentId?: string; chunks?: number }>(
        `/v1/knowledge/documents?${query.toString()}`,
        { method: 'POST', raw: file, contentType: file.type || 'application/octet-stream' },
      );
      setMessage(
        `Uploaded ${file.name}: ${result.status ?? 'stored'}${result.chunks ? `, ${result.chunks} passages` : ''}.`,
      );
    } catch (failure) {
      setMessage(missing(failure) ? 'This server does not accept document uploads.' : describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <h2>Upload a document</h2>
      <form className="inline-form" onSubmit={(event) => void submit(event)}>
        <label className="field grow">
          <span>Document (Markdown, HTML, text or PDF)</span>
          <input
            type="file"
            accept=".md,.markdown,.html,.htm,.txt,.pdf"
            onChange={(event) => setFile(event.target.files?.[0])}
          />
        </label>
        <label className="field inline">
          <span>Visible to</span>
          <select value={visibility} onChange={(event) => setVisibility(event.target.value)}>
            <option value="internal">Staff only</option>
            <option value="public">Customers too</option>
          </select>
        </label>
        <button type="submit" className="button primary" disabled={!file || busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </div>
  );
}

function Drafts({ client }: Pick<SectionProps, 'client'>) {
  const drafts = useLoad(
    (signal) => client.get<{ drafts: Draft[] }>('/v1/knowledge/drafts?status=pending', signal),
    [client],
  );
  const [message, setMessage] = useState<string>();
  const review = async (draft: Draft, verdict: 'approve' | 'reject') => {
    try {
      await client.post(`/v1/knowledge/drafts/${draft.id}/${verdict}`, { by: 'dashboard' });
      setMessage(`${verdict === 'approve' ? 'Published' : 'Rejected'} “${draft.title}”.`);
      drafts.reload();
    } catch (failure) {
      setMessage(describeError(failure));
    }
  };
  return (
    <div className="card">
      <h2>Review queue: draft articles</h2>
      <p className="muted">
        Drafts the desk wrote from resolved escalations; publishing makes them searchable.
      </p>
      {message && <p role="status">{message}</p>}
      {drafts.error ? (
        missing(drafts.error) ? (
          <Empty title="The review queue is not available on this server" />
        ) : (
          <ErrorNotice error={drafts.error} onRetry={drafts.reload} />
        )
      ) : null}
      {!drafts.data && !drafts.error && <Loading what="drafts" />}
      {drafts.data?.drafts.length === 0 && <Empty title="No drafts waiting for review" />}
      <ul className="drafts">
        {drafts.data?.drafts.map((draft) => (
          <li key={draft.id}>
            <details>
              <summary>{draft.title}</summary>
              <p className="draft-body">{draft.body}</p>
            </details>
            <div className="button-row">
              <button
                type="button"
                className="button primary small"
                onClick={() => void review(draft, 'approve')}
              >
                Publish
              </button>
              <button
                type="button"
                className="button danger small"
                onClick={() => void review(draft, 'reject')}
              >
                Reject
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
