import { describe, expect, it } from 'vitest';
import { allowed } from './allow.js';
import { maskPersonalData } from './mask.js';

describe('tool-call records', () => {
  it('mask personal fields and emails or phone numbers inside text, keeping ids', () => {
    expect(
      maskPersonalData({
        customerId: 'cus_01',
        verification: { email: 'a@b.com', postcode: '97214' },
        address: { line1: '1 Main St' },
        phone: '+1-503-555-0101',
        query: 'my email is alice@example.com, call +1 503 555 0101',
        items: [{ sku: 'JP-1', name: 'Kettle' }],
      }),
    ).toEqual({
      customerId: 'cus_01',
      verification: '[masked]',
      address: '[masked]',
      phone: '***',
      query: 'my email is a***@***, call ***',
      items: [{ sku: 'JP-1', name: '***' }],
    });
  });

  it('allow an agent only the tools its list names', () => {
    expect(allowed(['track_parcel'], 'carrier.track_parcel', 'carrier')).toBe(true);
    expect(allowed(['carrier.*'], 'carrier.delete_everything', 'carrier')).toBe(true);
    expect(allowed(['track_parcel'], 'carrier.delete_everything', 'carrier')).toBe(false);
    expect(allowed(undefined, 'carrier.track_parcel', 'carrier')).toBe(false);
  });
});
