// Memory: session memory (port + adapters), long-term customer memory, the memory manager, learning from
// resolutions and forgetting a customer.
export type { HeldLock, Interaction, SessionMemory } from './session.js';
export { InProcessSessionMemory } from './session.js';
export { RedisSessionMemory } from './redis-session.js';
export type { CustomerMemory, FinishedConversation } from './long-term.js';
export { LongTermMemory } from './long-term.js';
export type { ContextItem, ContextRequest, MemoryContext, MemoryStrategy, MemoryTier } from './manager.js';
export { MemoryManager } from './manager.js';
export { learnFromResolution } from './learning.js';
export type { ForgetReport } from './forget.js';
export { forgetCustomer } from './forget.js';
export type { RememberPayload } from './remember.js';
export { finishedOutcomes, rememberSettledRequests, rememberTask } from './remember.js';
