// Search scores as a person reads them. Rank fusion gives small numbers (0.032) that only compare within
// one search, so a hit is banded against the best hit of the same search; the number stays on hover.
export type ScoreBand = 'strong' | 'fair' | 'weak';

export function scoreBand(score: number, best: number): ScoreBand {
  if (!(best > 0)) return 'weak';
  const ratio = score / best;
  if (ratio >= 0.7) return 'strong';
  return ratio >= 0.35 ? 'fair' : 'weak';
}

export const bandWords: Record<ScoreBand, string> = {
  strong: 'strong match',
  fair: 'fair match',
  weak: 'weak match',
};
