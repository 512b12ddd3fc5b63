// Hand-off reasons as categories: "refund of $749.00 is over 500" and "refund of $612.50 is over 500" are one
// category, with the amount kept as a detail, so the inbox and analytics group them instead of listing each.

export interface HandOffReason {
  /** The reason with its amounts taken out, e.g. "Refund over the limit". */
  category: string;
  /** The first amount the reason named ("$749.00"), when it named one. */
  amount: string | undefined;
}

const money = /(?:[$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|dollars?))/i;
const anyNumber = /(?:\s+\b(?:of|for|by|at))?\s*\b\d[\d,]*(?:\.\d+)?\b/gi;
/** An amount with the little word that introduces it ("of $749"), so the category reads on without it. */
const introducedMoney = new RegExp(`(?:\\b(?:of|for|by|at)\\s+)?${money.source}`, 'gi');

export function handOffReason(reason: string): HandOffReason {
  const amount = money.exec(reason)?.[0];
  const category = reason
    .replace(introducedMoney, '')
    .replace(anyNumber, '')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/\(\s*\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .replace(/[\s,;:]+$/, '');
  const tidy = category.length > 0 ? category[0]!.toUpperCase() + category.slice(1) : 'Other';
  return { category: tidy, amount };
}
