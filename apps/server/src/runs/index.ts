// The run lifecycle's public surface: the desk, the shapes it answers with, and the checkpoint reads.
export { Desk } from './desk.js';
export type {
  AcceptedMessage,
  ApprovalAnswerInput,
  CheckpointSummary,
  DeskDecision,
  DeskOptions,
  DeskResult,
  DeskStatus,
  DeskToolCall,
  HandBack,
} from './desk-types.js';
export { GRAPH_RUN } from './graph-run.js';
export type { GraphRunPayload } from './graph-run.js';
export { stateWhenApprovalOpened } from './checkpoints.js';
export type { CheckpointReader, StateWhenOpened } from './checkpoints.js';
