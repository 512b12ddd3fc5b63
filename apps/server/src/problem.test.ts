import { errorCodes } from '@frontdesk/contracts';
import { describe, expect, it } from 'vitest';
import { DeskError } from './errors.js';
import { toProblem } from './problem.js';

describe('problem documents', () => {
  it('carries the code, its registered status and title, and the safe details', () => {
    const problem = toProblem(
      new DeskError('CUSTOMER_NOT_FOUND', 'No customer cus_99', { customerId: 'cus_99' }),
      '/v1/x',
    );
    expect(problem).toEqual({
      type: 'urn:frontdesk:error:CUSTOMER_NOT_FOUND',
      title: 'No such customer',
      status: 404,
      detail: 'No customer cus_99',
      code: 'CUSTOMER_NOT_FOUND',
      customerId: 'cus_99',
      instance: '/v1/x',
    });
  });

  it('never leaks the message or stack of an unexpected error', () => {
    const problem = toProblem(new Error('password=hunter2 at db.ts:12'));
    expect(problem.code).toBe('INTERNAL');
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  it('does not let details overwrite the standard members', () => {
    const problem = toProblem(new DeskError('THREAD_BUSY', 'busy', { status: 200, code: 'X' }));
    expect(problem.status).toBe(409);
    expect(problem.code).toBe('THREAD_BUSY');
  });
});

describe('error registry', () => {
  it('gives every code a client or server error status and a title', () => {
    for (const [code, entry] of Object.entries(errorCodes)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.title.length, code).toBeGreaterThan(0);
    }
  });
});
