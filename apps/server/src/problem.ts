// RFC 9457 problem documents: how every error leaves Frontdesk (API responses, CLI --json output).
import { errorCodes, type ErrorCode } from '@frontdesk/contracts';
import { isDeskError } from './errors.js';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  [extension: string]: unknown;
}

export const problemType = (code: ErrorCode) => `urn:frontdesk:error:${code}`;

/** The problem document for any thrown value; unknown errors become INTERNAL with no details leaked. */
export function toProblem(error: unknown, instance?: string): ProblemDocument {
  const base = instance ? { instance } : {};
  if (isDeskError(error)) {
    return {
      ...error.details,
      type: problemType(error.code),
      title: errorCodes[error.code].title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...base,
    };
  }
  return {
    type: problemType('INTERNAL'),
    title: errorCodes.INTERNAL.title,
    status: 500,
    detail: 'An unexpected error occurred. It has been logged.',
    code: 'INTERNAL',
    ...base,
  };
}
