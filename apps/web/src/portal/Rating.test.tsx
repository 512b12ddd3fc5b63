// @vitest-environment jsdom
// The rating is one compact row: the stars, then a comment field once a score is picked, and the button.
import '../testing/setup.js';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeDesk } from '../testing/responses.js';
import { Rating } from './Rating.js';

describe('rating', () => {
  it('asks for a comment only once a score is picked, and sends both', async () => {
    let sent: unknown;
    const desk = fakeDesk({
      'POST /v1/conversations/th_1/rating': ({ body }) => {
        sent = body;
        return { body: { threadId: 'th_1', score: 4 } };
      },
    });
    render(<Rating client={desk.client} threadId="th_1" />);
    expect(screen.queryByLabelText('Comment (optional)')).toBeNull();
    expect(screen.getByRole('button', { name: 'Send rating' })).toBeDisabled();
    await userEvent.click(screen.getByRole('radio', { name: '4 — Good' }));
    await userEvent.type(screen.getByLabelText('Comment (optional)'), 'Quick');
    await userEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByRole('status')).toHaveTextContent('you rated this conversation 4 out of 5');
    expect(sent).toEqual({ score: 4, comment: 'Quick' });
  });
});
