// @vitest-environment jsdom
// The Sources panel of an approval: the cited knowledge-base articles with title, id, section, score and
// snippet; a citation whose article is gone says so; no citation at all says so too.
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApprovalSource } from '../api/types.js';
import { SourcesPanel } from './SourcesPanel.js';

const refundPolicy: ApprovalSource = {
  articleId: 'refund-policy',
  title: 'Refunds and returns',
  snippet: 'If an item arrives damaged, is defective, or is not what you ordered, we refund it in full…',
  score: 0.0327868852,
  section: 'orders',
};

describe('sources panel', () => {
  it('lists each cited article with its title, id, section, score and snippet, in citation order', () => {
    const gone: ApprovalSource = { articleId: 'old-shipping-faq', title: 'old-shipping-faq' };
    render(<SourcesPanel sources={[refundPolicy, gone]} />);
    const panel = screen.getByRole('region', { name: 'Sources cited' });
    const items = within(panel).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('heading').textContent)).toEqual([
      'Refunds and returns',
      'old-shipping-faq',
    ]);
    const policy = within(panel).getByRole('listitem', { name: 'Refunds and returns' });
    expect(within(policy).getByText('refund-policy').tagName).toBe('CODE');
    expect(within(policy).getByText('orders')).toHaveClass('pill');
    expect(within(policy).getByText('strong match')).toHaveAttribute('value', String(refundPolicy.score));
    expect(within(policy).getByTitle('search score 0.0328')).toHaveClass('band-strong');
    expect(within(policy).getByText(/arrives damaged/)).toHaveClass('source-snippet');
    const missing = within(panel).getByRole('listitem', { name: 'old-shipping-faq' });
    expect(within(missing).getByText('This article is no longer in the knowledge base.')).toBeInTheDocument();
    expect(within(missing).queryByText(/match/)).not.toBeInTheDocument();
  });

  it('says so when the proposal cites nothing, rather than listing research notes', () => {
    render(<SourcesPanel sources={[]} />);
    const panel = screen.getByRole('region', { name: 'Sources cited' });
    expect(within(panel).getByText('The proposal cites no knowledge-base article.')).toBeInTheDocument();
    expect(within(panel).queryByRole('listitem')).not.toBeInTheDocument();
  });
});
