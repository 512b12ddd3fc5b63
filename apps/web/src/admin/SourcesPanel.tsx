// The knowledge-base articles a proposal cites, so the person answering can check the reply against them:
// each with its title, id, section, how well research's search matched it and the opening of its text.
import type { ApprovalSource } from '../api/types.js';
import { bandWords, scoreBand } from './score-band.js';

export function SourcesPanel({ sources }: { sources: ApprovalSource[] }) {
  // Search scores only compare within one search (rank fusion gives small numbers): banded against the
  // best cited source, the exact number on hover.
  const best = Math.max(0, ...sources.map((source) => source.score ?? 0));
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
                  <span
                    className={`pill band-${scoreBand(source.score, best)}`}
                    title={`search score ${source.score.toFixed(4)}`}
                  >
                    <data value={source.score}>{bandWords[scoreBand(source.score, best)]}</data>
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
