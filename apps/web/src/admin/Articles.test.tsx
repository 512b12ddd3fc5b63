// @vitest-environment jsdom
// The knowledge page: articles by section, one opened with its sections and where it was cited, edited and
// published; search hits with their matches marked and scores as bands, the exact number on hover.
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Article } from '../api/types.js';
import { fakeDesk, staff } from '../testing/responses.js';
import { ArticleBrowser, bySection, sectionsOf } from './Articles.js';
import { Hits } from './Knowledge.js';
import { scoreBand } from './score-band.js';

const article = (id: string, category: string, title: string, body = `# ${title}\n\nText.`): Article => ({
  id,
  category,
  title,
  body,
  visibility: 'public',
  updatedAt: '2026-11-20T10:00:00.000Z',
});

const articles = [
  article(
    'refund-policy',
    'refunds',
    'Refund policy',
    '# Refund policy\n\n## Damaged items\n\nFull refund.\n\n## Timing\n\n5–10 days.',
  ),
  article('reset-password', 'passwords', 'Reset your password'),
  article('where-refund', 'refunds', 'Where is my refund?'),
];

describe('knowledge articles', () => {
  it('groups articles by section and reads the sections of one', () => {
    expect(bySection(articles).map(([section, list]) => [section, list.map((a) => a.id)])).toEqual([
      ['passwords', ['reset-password']],
      ['refunds', ['refund-policy', 'where-refund']],
    ]);
    expect(sectionsOf(articles[0]!.body)).toEqual(['Refund policy', 'Damaged items', 'Timing']);
  });

  it('lists every article under its section, each linking to its page', async () => {
    const desk = fakeDesk({ 'GET /v1/knowledge/articles': { body: { articles } } }, staff('agent'));
    render(<ArticleBrowser client={desk.client} />);
    const refunds = await screen.findByRole('region', { name: 'Section refunds' });
    expect(
      within(refunds)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Refund policy', 'Where is my refund?']);
    expect(within(refunds).getByRole('link', { name: 'Refund policy' })).toHaveAttribute(
      'href',
      '/admin/knowledge/refund-policy',
    );
  });

  it('opens an article with its sections and citations, then publishes an edit', async () => {
    let saved: unknown;
    const desk = fakeDesk(
      {
        'GET /v1/knowledge/articles': { body: { articles } },
        'GET /v1/knowledge/articles/refund-policy/citations': {
          body: {
            citations: [
              {
                conversationId: 'th_9',
                requestId: 'req_9',
                customerId: 'cus_01',
                customerName: 'Alice Moreno',
                citedAt: '2026-11-21T09:00:00.000Z',
              },
            ],
          },
        },
        'PUT /v1/knowledge/articles/refund-policy': ({ body }) => {
          saved = body;
          return { body: { ...articles[0], ...(body as object), changed: true } };
        },
      },
      staff('agent'),
    );
    render(<ArticleBrowser client={desk.client} openId="refund-policy" />);
    expect(await screen.findByRole('heading', { name: 'Refund policy' })).toBeInTheDocument();
    const toc = screen.getByRole('navigation', { name: 'Sections of the article' });
    expect(
      within(toc)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Refund policy', 'Damaged items', 'Timing']);
    expect(await screen.findByRole('link', { name: 'Conversation with Alice Moreno' })).toHaveAttribute(
      'href',
      '/admin/conversations/th_9',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const body = screen.getByLabelText('Article (Markdown)');
    await userEvent.clear(body);
    await userEvent.type(body, 'Refunds take 3 days.');
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Published “Refund policy”.');
    expect(saved).toEqual({ title: 'Refund policy', body: 'Refunds take 3 days.' });
  });

  it('says so when the address names no article', async () => {
    const desk = fakeDesk({ 'GET /v1/knowledge/articles': { body: { articles } } }, staff('agent'));
    render(<ArticleBrowser client={desk.client} openId="gone" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('There is no article gone.');
  });
});

describe('search hits', () => {
  it('bands scores against the best hit of the search', () => {
    expect(scoreBand(0.032, 0.032)).toBe('strong');
    expect(scoreBand(0.016, 0.032)).toBe('fair');
    expect(scoreBand(0.004, 0.032)).toBe('weak');
    expect(scoreBand(0, 0)).toBe('weak');
  });

  it('shows the band with the exact score on hover, and marks the matched words', () => {
    render(
      <Hits
        hits={[
          {
            documentId: 'd1',
            title: 'Refund policy',
            score: 0.0328,
            passages: [{ text: 'x', snippet: { text: 'We refund damaged items in full.', marks: [[3, 9]] } }],
          },
          {
            documentId: 'd2',
            title: 'Gift cards',
            score: 0.004,
            passages: [{ text: 'Gift cards never expire and can be used for any order in the store today.' }],
          },
        ]}
      />,
    );
    const strong = screen.getByText('strong match');
    expect(strong).toHaveAttribute('title', 'search score 0.0328');
    expect(screen.getByText('weak match')).toHaveAttribute('title', 'search score 0.0040');
    expect(screen.getByText('refund', { selector: 'mark' })).toBeInTheDocument();
    expect(screen.queryByText(/0\.03/)).toHaveClass('visually-hidden');
  });
});
