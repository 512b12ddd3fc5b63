// The types of event a conversation stream carries, without zod, so the web app can use the list at run
// time without bundling the schemas.
export const streamEventTypes = [
  'request.accepted',
  'request.queued',
  'request.superseded',
  'node.started',
  'node.finished',
  'agent.decided',
  'agent.tool_called',
  'reply.delta',
  'approval.requested',
  'approval.answered',
  'approval.overdue',
  'approval.action_failed',
  'reply.sent',
  'request.settled',
  // A person took the thread over (joined), typed, or handed it back to the agents (left).
  'person.joined',
  'person.typing',
  'person.left',
  /** Team only: a note was added (its text is never in any stream). */
  'note.added',
  'heartbeat',
] as const;

export type StreamEventType = (typeof streamEventTypes)[number];
