// Help-centre synonyms: customers say "log in" where articles say "sign in". Full-text ranking only
// matches words, so a question is expanded with the other ways of saying what it names.
const synonymGroups: string[][] = [
  ['sign in', 'log in', 'login', 'log on', 'logon', 'signin', 'sign on'],
  ['password', 'passcode', 'passphrase'],
  ['refund', 'money back', 'reimbursement'],
  ['damaged', 'broken', 'defective', 'cracked', 'faulty'],
  ['order', 'purchase', 'package', 'parcel'],
  ['cancel', 'call off'],
  ['delivery', 'shipping', 'shipment'],
  ['charge', 'payment', 'billed'],
  ['account', 'profile'],
  ['two-factor', '2fa', 'verification code', 'authentication code'],
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = synonymGroups.map((group) => ({
  group,
  pattern: new RegExp(`\\b(${group.map(escape).join('|')})\\b`, 'i'),
}));

/**
 * The other ways of saying the terms a question contains: the whole group of each, the question's own term
 * included (it counts once more, as when the synonyms were appended to the question); '' when it names none.
 * Search weighs the words only these say less than the customer's own (Bm25Parameters.expansion).
 */
export function synonymsOf(query: string): string {
  return patterns
    .filter(({ pattern }) => pattern.test(query))
    .flatMap(({ group }) => group)
    .join(' ');
}

/** The question followed by the synonyms of every term it contains (the question itself unchanged). */
export function expandQuery(query: string): string {
  const extra = synonymsOf(query);
  return extra === '' ? query : `${query} ${extra}`;
}
