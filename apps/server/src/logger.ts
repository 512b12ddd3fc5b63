// Structured logs (pino) to stderr, so a CLI's --json output on stdout stays clean. Callers add
// requestId / threadId with `logger.child({ ... })` so every line of a run carries them.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'frontdesk' } }, pino.destination(2));
}
