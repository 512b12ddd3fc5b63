// @vitest-environment jsdom
// The open conversation lives in the address, so a reload opens it again.
import { describe, expect, it } from 'vitest';
import { openConversation, rememberConversation } from './Portal.js';

describe('the open conversation in the address', () => {
  it('is kept across a reload and cleared for a new conversation, without new history entries', () => {
    window.history.replaceState(null, '', '/embed?theme=dark');
    const entries = window.history.length;
    rememberConversation('th_42');
    expect(window.location.pathname).toBe('/embed');
    expect(window.location.search).toBe('?theme=dark&conversation=th_42');
    expect(openConversation()).toBe('th_42');
    rememberConversation(undefined);
    expect(openConversation()).toBeUndefined();
    expect(window.location.search).toBe('?theme=dark');
    expect(window.history.length).toBe(entries);
  });
});
