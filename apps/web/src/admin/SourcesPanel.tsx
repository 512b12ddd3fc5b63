// The knowledge-base articles a proposal cites, so the person answering can check the reply against them:
// each with its title, id, section, research's search score and the opening of its text.
import type { ApprovalSource } from '../api/types.js';

/** Search scores are only comparable within one search (rank fusion gives small numbers): two digits do. */
const scoreLabel = (score: number) => score.toPrecision(2);

export function SourcesPanel({ sources }: { sources: ApprovalSource[] }) {
  return (
    <section className="card" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources cited</h2>
      {sources.length === 0 ? (
        <p className="muted">The proposal cites no knowledge-base article.</p>
      ) : (
        <ol className="sources">
          {sources.map((source) => (
            <li key={source.articleId} className="source" aria-labelledby={`source-${source.articleId}`}>
              <h3 id={`source-${source.articleId}`}>{source.title}</h3>
              <p className="source-meta">
                <span>
                  Article <code>{source.articleId}</code>
                </span>
                {source.section && <span className="pill">{source.section}</span>}
                {typeof source.score === 'number' && (
                  <span>
                    search score <data value={source.score}>{scoreLabel(source.score)}</data>
                  </span>
                )}
              </p>
              {source.snippet ? (
                <blockquote className="source-snippet">{source.snippet}</blockquote>
              ) : (
                <p className="muted">This article is no longer in the knowledge base.</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
