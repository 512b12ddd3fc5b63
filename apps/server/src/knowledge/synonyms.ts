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

/** The question followed by the synonyms of every term it contains (the question itself unchanged). */
export function expandQuery(query: string): string {
  const extra = patterns.filter(({ pattern }) => pattern.test(query)).flatMap(({ group }) => group);
  return extra.length === 0 ? query : `${query} ${extra.join(' ')}`;
}
