import { describe, it, expect } from 'vitest';
import { Customer } from './customer.js';

const ada = {
  id: 'cus_1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  tier: 'vip',
  tenantId: 'acme',
} as const;

describe('customer', () => {
  it('recognises a VIP', () => {
    expect(Customer.create(ada).isVip()).toBe(true);
    expect(Customer.create({ ...ada, tier: 'standard' }).isVip()).toBe(false);
  });

  it('trims names and ids', () => {
    const customer = Customer.create({ ...ada, name: '  Ada Lovelace ', tenantId: ' acme ' });
    expect(customer.name).toBe('Ada Lovelace');
    expect(customer.tenantId).toBe('acme');
  });

  it('rejects an invalid email and names the field', () => {
    expect(() => Customer.create({ ...ada, email: 'not-an-email' })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ issues: [expect.objectContaining({ path: 'email' })] }),
      }),
    );
  });

  it.each(['id', 'name', 'tenantId'] as const)('requires a %s', (field) => {
    expect(() => Customer.create({ ...ada, [field]: '  ' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('rejects an unknown tier', () => {
    expect(() => Customer.create({ ...ada, tier: 'gold' as 'vip' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('is immutable and serialises to its fields', () => {
    const customer = Customer.create(ada);
    expect(Object.isFrozen(customer)).toBe(true);
    expect(customer.toJSON()).toEqual(ada);
  });
});
