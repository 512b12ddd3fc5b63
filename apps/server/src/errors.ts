// DeskError: the one error type that carries a registry code. Anything else that escapes is a bug and is
// reported as INTERNAL without its details.
import { errorCodes, type ErrorCode } from '@frontdesk/contracts';

export class DeskError extends Error {
  readonly code: ErrorCode;
  /** Safe, user-facing details (never secrets or stack traces). */
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DeskError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

export const isDeskError = (error: unknown): error is DeskError => error instanceof DeskError;
