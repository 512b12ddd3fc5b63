// The person asking for help, as the desk sees them: who they are, which tenant they belong to, and their
// tier, which decides whether a person reviews every reply.
import { z } from 'zod';
import { parseOrThrow } from './validation.js';

export const customerTiers = ['standard', 'vip'] as const;
export type CustomerTier = (typeof customerTiers)[number];

export const customerSchema = z.object({
  id: z.string().trim().min(1),
  name: z.string().trim().min(1),
  email: z.email(),
  tier: z.enum(customerTiers),
  tenantId: z.string().trim().min(1),
});

export type CustomerProps = z.input<typeof customerSchema>;

export class Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly tier: CustomerTier;
  readonly tenantId: string;

  private constructor(props: z.output<typeof customerSchema>) {
    this.id = props.id;
    this.name = props.name;
    this.email = props.email;
    this.tier = props.tier;
    this.tenantId = props.tenantId;
    Object.freeze(this);
  }

  /** Throws VALIDATION_FAILED when a field is missing or malformed (for example an invalid email). */
  static create(props: CustomerProps): Customer {
    return new Customer(parseOrThrow(customerSchema, props, 'customer'));
  }

  isVip(): boolean {
    return this.tier === 'vip';
  }

  toJSON(): CustomerProps {
    return { id: this.id, name: this.name, email: this.email, tier: this.tier, tenantId: this.tenantId };
  }
}
