// What the customer reads while the agents work: each graph node, said in the customer's words.
const phrases: Record<string, string> = {
  supervisor: 'Reading your message…',
  triage: 'Working out what you need…',
  research: 'Looking into it…',
  research_customer: 'Looking up your order…',
  research_knowledge: 'Searching the help centre…',
  research_history: 'Checking your past conversations…',
  research_specialists: 'Asking our specialists…',
  research_review: 'Checking what we found…',
  solution: 'Writing your reply…',
  specialists_synthesis: 'Writing your reply…',
  quality: 'Double-checking the reply…',
  human_review: 'A member of our team is reviewing this…',
  human_decision: 'A member of our team is reviewing this…',
  escalation: 'Bringing in a member of our team…',
  deliver: 'Sending your reply…',
  external: 'Opening a ticket with our team…',
};

export const progressPhrase = (node: string): string => phrases[node] ?? 'Working on it…';

/** Conversation statuses, as the customer reads them. */
export const statusLabel: Record<string, string> = {
  delivered: 'Answered',
  awaiting_approval: 'Waiting for our team',
  escalated: 'With our team',
  external: 'Ticket opened',
  failed: 'Something went wrong',
  open: 'Open',
};
