// @vitest-environment jsdom
// The status page lists the background tasks that failed for good, with why.
import '../testing/setup.js';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesk, staff } from '../testing/responses.js';
import { StatusPage } from './StatusPage.js';

describe('status page', () => {
  it('shows failed tasks with the reason each failed', async () => {
    const desk = fakeDesk(
      {
        'GET /v1/status': {
          body: {
            status: 'ok',
            tenant: 't1',
            backends: [{ name: 'database', kind: 'pglite', status: 'ok', ms: 1 }],
            models: { localEngine: 'local', routes: [], providers: [] },
          },
        },
        'GET /v1/status/tasks': {
          body: {
            failures: [
              {
                task: 'graph.run',
                jobId: 'job_7',
                attemptsMade: 1,
                error: 'No thread th_gone: it was deleted',
              },
            ],
          },
        },
      },
      staff('agent'),
    );
    render(<StatusPage client={desk.client} session={staff('agent')} />);
    const failed = await screen.findByRole('region', { name: 'Failed tasks' });
    const row = within(failed).getByText('No thread th_gone: it was deleted').closest('tr')!;
    expect(within(row).getByText(/graph\.run/)).toBeInTheDocument();
    expect(within(row).getByText('1')).toBeInTheDocument();
  });

  it('says when no task has failed', async () => {
    const desk = fakeDesk(
      {
        'GET /v1/status': {
          body: {
            status: 'ok',
            tenant: 't1',
            backends: [],
            models: { localEngine: 'local', routes: [], providers: [] },
          },
        },
        'GET /v1/status/tasks': { body: { failures: [] } },
      },
      staff('agent'),
    );
    render(<StatusPage client={desk.client} session={staff('agent')} />);
    expect(await screen.findByText('No background task has failed for good.')).toBeInTheDocument();
  });
});
