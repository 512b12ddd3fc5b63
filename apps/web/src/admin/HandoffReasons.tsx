// Why conversations went to a person, as categories (a refund over the limit is one reason whatever its
// amount), each with how often it came up and, as a detail, the amounts its hand-offs named.
import type { Analytics as Report } from '../api/types.js';
import { BarChart } from './charts.js';

export function HandoffReasons({ handoff }: { handoff: Report['handoff'] }) {
  const data = Object.entries(handoff.reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([label, value]) => ({ label, value }));
  const withAmounts = data.filter(({ label }) => (handoff.amounts?.[label]?.length ?? 0) > 0);
  return (
    <BarChart title="Handoff reasons" data={data}>
      {withAmounts.length > 0 && (
        <dl className="reason-amounts" aria-label="Amounts per handoff reason">
          {withAmounts.map(({ label }) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                {handoff.amounts![label]!.map((amount) => (
                  <span key={amount} className="pill">
                    {amount}
                  </span>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </BarChart>
  );
}
