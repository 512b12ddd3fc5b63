// `frontdesk customers list|forget` and `frontdesk demo reset`.
import type { Command } from 'commander';
import type { DemoSummary } from '../demo/load.js';
import { DeskError } from '../errors.js';
import { withDesk } from './context.js';
import { emit } from './output.js';

const dollars = (minor: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(minor / 100);

/** What the list shows of a customer and their orders, from the store or from the API's JSON. */
interface Customer {
  id: string;
  name: string;
  email: string;
  tier: string;
}
interface Order {
  id: string;
  status: string;
  totalMinor: number;
  currency: string;
}

const listed = (customer: Customer, orders: readonly Order[]) => ({
  id: customer.id,
  name: customer.name,
  email: customer.email,
  tier: customer.tier,
  orders: orders.map((order) => ({
    id: order.id,
    status: order.status,
    total: { amountMinor: order.totalMinor, currency: order.currency },
  })),
});

export function registerStoreCommands(program: Command): void {
  program
    .command('customers')
    .description('Customers')
    .command('list')
    .description('List customers with their tier and orders')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const customers = await withDesk(
        async (desk) => {
          const { customers: all } = await desk.request<{ customers: Customer[] }>('GET', '/v1/customers');
          return Promise.all(
            all.map(async (customer) => {
              const path = `/v1/customers/${encodeURIComponent(customer.id)}/orders`;
              return listed(customer, (await desk.request<{ orders: Order[] }>('GET', path)).orders);
            }),
          );
        },
        async (runtime) => {
          const { customers: repo } = runtime.stores;
          const all = await repo.list(runtime.config.tenantId);
          return Promise.all(
            all.map(async (customer) =>
              listed(customer, await repo.orders(runtime.config.tenantId, customer.id)),
            ),
          );
        },
      );
      emit(options, { customers }, () =>
        customers
          .map(
            (c) =>
              `${c.id}  ${c.name.padEnd(22)} ${c.tier.padEnd(8)} ` +
              c.orders
                .map((o) => `${o.id} ${o.status} ${dollars(o.total.amountMinor, o.total.currency)}`)
                .join(', '),
          )
          .join('\n'),
      );
    });

  program.commands
    .find((command) => command.name() === 'customers')!
    .command('forget')
    .description('Erase a customer from every tier: records, conversations, session and long-term memory')
    .argument('<id>', 'the customer id')
    .option('--json', 'print one JSON document')
    .action(async (id: string, options: { json?: boolean }) => {
      const report = await withDesk(
        (desk) =>
          desk.request<{ memories: number; drafts: number }>(
            'DELETE',
            `/v1/customers/${encodeURIComponent(id)}`,
          ),
        async (runtime) => {
          if (!(await runtime.stores.customers.get(runtime.config.tenantId, id))) {
            throw new DeskError('CUSTOMER_NOT_FOUND', `No customer ${id}`, { customerId: id });
          }
          const forgotten = await runtime.forgetCustomer(id);
          await runtime.stores.audit.record(runtime.config.tenantId, {
            actor: 'cli',
            actorRole: 'admin',
            action: 'customer.forgotten',
            subjectType: 'customer',
            subjectId: id,
            details: { memories: forgotten.memories, drafts: forgotten.drafts },
          });
          return forgotten;
        },
      );
      emit(
        options,
        report,
        () =>
          `Customer ${id} erased: ${report.memories} memories and ${report.drafts} drafts removed, session cleared.`,
      );
    });

  program
    .command('demo')
    .description('The demo store')
    .command('reset')
    .description('Delete every conversation and reload the demo store')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const summary = await withDesk(
        (desk) => desk.request<DemoSummary>('POST', '/v1/demo/reset', {}),
        async (runtime) => {
          const { deskOperations } = await import('../operations/index.js');
          return deskOperations(runtime).resetDemo();
        },
      );
      emit(
        options,
        { reset: true, ...summary },
        () =>
          `Demo store reloaded: ${summary.customers} customers, ${summary.orders} orders, ${summary.articles} articles.`,
      );
    });
}
