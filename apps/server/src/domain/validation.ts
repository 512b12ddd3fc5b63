// Turns zod parse failures into VALIDATION_FAILED desk errors, so every domain constructor fails the same way
// and the API can show which fields were wrong without exposing the raw input.
import type { z } from 'zod';
import { DeskError } from '../errors.js';

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export const parseOrThrow = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new DeskError('VALIDATION_FAILED', `The ${subject} is not valid`, { subject, issues });
};
