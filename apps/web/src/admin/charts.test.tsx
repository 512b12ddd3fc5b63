// @vitest-environment jsdom
// Charts: bars scale to the largest value, every figure is also in a table for screen readers, and an
// empty range says so.
import '../testing/setup.js';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { periods } from './Analytics.js';
import { BarChart } from './charts.js';

describe('charts', () => {
  it('draws one bar per value, the largest full width, with a table alternative', () => {
    const { container } = render(
      <BarChart
        title="Handoff reasons"
        data={[
          { label: 'refund over limit', value: 4 },
          { label: 'VIP', value: 2 },
        ]}
      />,
    );
    const bars = container.querySelectorAll('rect');
    expect([...bars].map((b) => Number(b.getAttribute('width')))).toEqual([190, 95]);
    expect(screen.getByRole('img', { name: 'Handoff reasons' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: 'VIP 2' })).toBeInTheDocument();
  });

  it('says there is nothing to show instead of drawing an empty chart', () => {
    render(<BarChart title="Tokens" data={[{ label: 'input', value: 0 }]} empty="No model tokens" />);
    expect(screen.getByText('No model tokens')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('splits a range into equal periods for the volume series', () => {
    const slices = periods(0, 7 * 86_400_000, 7);
    expect(slices).toHaveLength(7);
    expect(slices[1]!.from).toBe(new Date(86_400_000).toISOString());
    expect(slices[6]!.to).toBe(new Date(7 * 86_400_000).toISOString());
  });
});
