// Word-level text helpers shared by the embedder and the chunker: folding, tokenising, light stemming.

/** Lower-cased, accent-folded alphanumeric words, lightly stemmed so "refunds" meets "refund". */
export function wordsOf(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`´]/g, '');
  return (folded.match(/[a-z0-9]+/g) ?? []).map(stem);
}

/** A small suffix stripper (plural, -ing, -ed); enough for hashing features, not a linguist. */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

export const stopWords = new Set(
  (
    'a an and are as at be been but by can could do does did for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to too was we were what ' +
    'when where which who why will with would you your yours am any all also just should there here about ' +
    'up out get got want need way possible anyone someone some use using'
  )
    .split(' ')
    .map(stem),
);

/** Rough token count for budgets: about four characters per token, as model tokenisers average in English. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
