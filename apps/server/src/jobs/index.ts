// Background tasks: the port and its two adapters.
export type { EnqueueOptions, Task, TaskFailure, TaskQueue } from './port.js';
export {
  enqueueRecurring,
  isRejection,
  payloadOrReject,
  rejectTask,
  taskDefaults,
  validatePayload,
} from './port.js';
export { InlineTaskQueue } from './inline.js';
export type { InlineTaskQueueOptions } from './inline.js';
export { BullMqTaskQueue } from './bullmq.js';
