// The help centre's articles for the support team: browse them by section, open one (its sections listed),
// edit and publish it (search reads the new text at once), and see the conversations that cited it.
import { useState, type FormEvent } from 'react';
import { describeError } from '../api/client.js';
import type { Article, ArticleCitation } from '../api/types.js';
import { clock } from '../shared/format.js';
import { Empty, ErrorNotice, Loading } from '../shared/Notice.js';
import { Link } from '../shared/router.js';
import { useLoad } from '../shared/useLoad.js';
import type { SectionProps } from './Dashboard.js';

/** The headings of a Markdown article: the sections a reader can jump between. */
export const sectionsOf = (body: string): string[] =>
  [...body.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((m) => m[1]!.trim());

/** Articles grouped by the help centre's section (category), sections in order, articles by title. */
export function bySection(articles: Article[]): Array<[string, Article[]]> {
  const groups = new Map<string, Article[]>();
  for (const article of articles) {
    const list = groups.get(article.category) ?? [];
    list.push(article);
    groups.set(article.category, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function ArticleBrowser({ client, openId }: Pick<SectionProps, 'client'> & { openId?: string }) {
  const list = useLoad(
    (signal) => client.get<{ articles: Article[] }>('/v1/knowledge/articles', signal),
    [client],
  );
  const open = list.data?.articles.find((a) => a.id === openId);
  return (
    <div className="card">
      <h2>Articles</h2>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error && <Loading what="articles" />}
      {list.data?.articles.length === 0 && <Empty title="The help centre has no articles yet" />}
      {openId && list.data && !open && (
        <p className="notice notice-warning" role="alert">
          There is no article {openId}.
        </p>
      )}
      {open ? (
        <ArticleView key={open.id} client={client} article={open} onSaved={list.reload} />
      ) : (
        <div className="article-sections">
          {bySection(list.data?.articles ?? []).map(([section, articles]) => (
            <section key={section} aria-label={`Section ${section}`}>
              <h3>{section}</h3>
              <ul className="article-list">
                {articles.map((a) => (
                  <li key={a.id}>
                    <Link to={`/admin/knowledge/${encodeURIComponent(a.id)}`}>{a.title}</Link>
                    {a.visibility === 'internal' && <span className="pill">staff only</span>}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

function ArticleView({
  client,
  article,
  onSaved,
}: Pick<SectionProps, 'client'> & { article: Article; onSaved: () => void }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(article.title);
  const [body, setBody] = useState(article.body);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const citations = useLoad(
    (signal) =>
      client.get<{ citations: ArticleCitation[] }>(
        `/v1/knowledge/articles/${encodeURIComponent(article.id)}/citations`,
        signal,
      ),
    [client, article.id],
  );
  const sections = sectionsOf(article.body);

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await client.request<{ changed: boolean }>(
        `/v1/knowledge/articles/${encodeURIComponent(article.id)}`,
        { method: 'PUT', body: { title: title.trim(), body } },
      );
      setMessage(
        saved.changed ? `Published “${title.trim()}”.` : 'Nothing changed: the article is as it was.',
      );
      setEditing(false);
      onSaved();
    } catch (failure) {
      setMessage(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="article" aria-labelledby="article-title">
      <p>
        <Link to="/admin/knowledge">← All articles</Link>
      </p>
      <div className="section-head">
        <h3 id="article-title">{article.title}</h3>
        <span className="pill">{article.category}</span>
        {article.visibility === 'internal' && <span className="pill">staff only</span>}
        {!editing && (
          <button type="button" className="button small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
      <p className="muted">Updated {clock(article.updatedAt)}</p>
      {message && <p role="status">{message}</p>}
      {editing ? (
        <form className="stack" onSubmit={(event) => void publish(event)}>
          <label className="field">
            <span>Title</span>
            <input
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              required
              maxLength={300}
            />
          </label>
          <label className="field">
            <span>Article (Markdown)</span>
            <textarea value={body} onChange={(event) => setBody(event.target.value)} rows={14} required />
          </label>
          <div className="button-row">
            <button type="submit" className="button primary" disabled={busy || !title.trim() || !body.trim()}>
              {busy ? 'Publishing…' : 'Publish'}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {sections.length > 0 && (
            <nav aria-label="Sections of the article">
              <ul className="article-toc">
                {sections.map((section, i) => (
                  <li key={`${section}-${i}`}>{section}</li>
                ))}
              </ul>
            </nav>
          )}
          <div className="article-body">{article.body}</div>
        </>
      )}
      <h4>Cited in</h4>
      {citations.error ? <ErrorNotice error={citations.error} onRetry={citations.reload} /> : null}
      {citations.data?.citations.length === 0 && (
        <p className="muted">No drafted reply has cited this article yet.</p>
      )}
      {citations.data && citations.data.citations.length > 0 && (
        <ul className="citations">
          {citations.data.citations.map((c) => (
            <li key={c.requestId}>
              <Link to={`/admin/conversations/${c.conversationId}`}>
                Conversation with {c.customerName || c.customerId}
              </Link>{' '}
              <span className="muted">{clock(c.citedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
