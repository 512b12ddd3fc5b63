// Help-centre synonyms: customers say "log in" where articles say "sign in", "swap it for a medium" where
// they say "exchange", "I'm moving to London" where they say "outside the United States". Full-text ranking
// only matches words, and the offline embedder reads letters, not meaning, so a question is expanded with
// the other ways of saying what it names. Search weighs these words below the customer's own.

/** Ways of saying one thing: a question naming any of them is expanded with all of them. */
const synonymGroups: string[][] = [
  ['sign in', 'log in', 'login', 'log on', 'logon', 'signin', 'sign on', 'log into', 'sign into'],
  ['password', 'passcode', 'passphrase'],
  ['refund', 'money back', 'reimbursement'],
  ['damaged', 'broken', 'defective', 'cracked', 'faulty', 'smashed', 'shattered', 'dented'],
  ['order', 'purchase', 'package', 'parcel'],
  ['cancel', 'call off'],
  ['delivery', 'shipping', 'shipment'],
  ['charge', 'payment', 'billed'],
  ['account', 'profile'],
  [
    'two-factor',
    '2fa',
    'verification code',
    'authentication code',
    'two-step',
    'two step',
    '2-step',
    'login code',
    'login codes',
  ],
  ['exchange', 'swap', 'trade'],
  ['promo code', 'discount code', 'coupon', 'voucher'],
  ['cart', 'basket'],
  ['requirements', 'rules'],
  ['invoice', 'receipt'],
  ['warehouse', 'ship from', 'ships from', 'ship out of', 'ships out of', 'shipped from'],
  ['international', 'abroad', 'overseas', 'another country', 'outside the united states'],
  ['price adjustment', 'price drop', 'price match'],
];

/**
 * What a customer's words imply the help centre files the question under, one way only: "London" is a
 * place outside the United States, but a question about shipping abroad is not about London. Patterns match
 * the question lower-cased with its apostrophes dropped ("can't" reads "cant").
 */
const impliedTerms: Array<[pattern: RegExp, terms: string]> = [
  // A place abroad (a shop that ships within one country files these under international shipping).
  [
    /\b(canada|mexico|uk|united kingdom|england|scotland|wales|ireland|london|europe|eu|germany|france|spain|italy|netherlands|sweden|norway|denmark|switzerland|australia|new zealand|japan|china|india|singapore|brazil)\b/,
    'international outside the united states',
  ],
  // Paid more than it costs now.
  [/\b(cheaper|on sale|price (has )?(dropped|gone down|went down|fell)|lower price|reduced)\b/, 'price drop'],
  // Another size or colour of the same thing.
  [
    /\b(too (big|small|large|tight|loose)|wrong size|(different|another|other|bigger|smaller) (size|colou?r)|size (up|down))\b/,
    'exchange size',
  ],
  // Sending something back.
  [/\b(send|ship|mail|post|bring|take)( \w+){0,2} back\b/, 'return'],
  // How long delivery takes.
  [
    /\b(how (long|many (business )?days|soon|quickly|fast)|when will)\b[^.?!]{0,40}\b(ship|ships|shipping|deliver|delivered|delivery|arrive|gets? here|get to me|reach me)\b/,
    'delivery times',
  ],
  // How long one has to return something.
  [/\bhow (long|many days)\b[^.?!]{0,30}\b(return|exchange|send \w+ back)\b/, 'return window'],
  // The account will not let them in; a password it calls wrong is first of all a matter of Caps Lock.
  [
    /\b(wrong|incorrect|invalid) password\b|\bpassword (is|was) (wrong|incorrect|invalid)\b|\blocked out\b|\bcant (get in|get into|access)\b|\bwont let me (in|log|sign)\b/,
    'cant sign in rejecting',
  ],
  [/\b(wrong|incorrect|invalid) password\b|\bpassword (is|was) (wrong|incorrect|invalid)\b/, 'caps lock'],
  // A forgotten password is reset; a known one is changed; a rejected new one breaks the rules.
  [
    /\b(forgot|forgotten|cant remember|dont remember|lost)( \w+){0,2} password\b|\bpassword\b[^.?!]{0,20}\bforgot/,
    'forgot reset password',
  ],
  [
    /\b(new|change|changing|update|updating)( \w+){0,2} password\b|\b(know|remember) (my |the )?(current|old|existing)\b/,
    'change password',
  ],
  [
    /\b(how many characters|requirements?|rules|strong|secure|weak|rejecting|rejected|wont accept|not accepted|doesnt accept)\b[^.?!]{0,30}\bpasswords?\b|\bpasswords?\b[^.?!]{0,30}\b(requirements?|rules|characters|strong|weak|rejected|rejecting|wont accept|not accepted)\b/,
    'password requirements',
  ],
  // A fault that showed in use: the help centre calls it defective, and after 30 days a warranty claim.
  [
    /\b(stopped|stops) (working|heating|charging|lighting|turning on|switching on)\b|\b(wont|doesnt|does not|will not|cant get it to) (work|light|turn on|switch on|start|charge|heat|power on|stay on|stay lit)\b|\bflicker(s|ing)?\b|\bbroke down\b|\bno longer works\b/,
    'defective fault warranty',
  ],
  // Something not in the box.
  [/\b(wasnt|werent|isnt|not) (inside|in the box|included)\b|\bcame without\b|\bleft out\b/, 'missing'],
  // Furniture and other items too big for a parcel.
  [/\b(sofa|couch|mattress|bed frame|dresser|wardrobe|furniture|bulky|oversized)\b/, 'large items freight'],
  // A delivery going to the wrong place.
  [
    /\b(moving|moved|new (address|place|home|apartment|flat)|old address|wrong address|address (is )?wrong)\b/,
    'change shipping address',
  ],
  // Overdue.
  [
    /\b(supposed to (be here|arrive|come)|should have (arrived|come|been here)|was due|still (isnt|hasnt|not) (here|arrived|come)|hasnt (arrived|come|shown up)|delayed|overdue|(came|arrived|was|got here) (\w+ ){0,2}late)\b/,
    'late',
  ],
  // Paid twice for one thing.
  [
    /\b(charged|billed|charging|taken)( \w+){0,2} (twice|two times|double)\b|\bdouble (charged|charge|billed)\b|\b(two|2|duplicate) (charges|payments)\b/,
    'charged twice',
  ],
  // Mending something oneself: "is there any way to fix the tear" is a small repair, a tear a hole.
  [
    /\b(fix|fixed|mend|patch|repair)( \w+){0,3} (tear|torn|rip|ripped|hole|holes|puncture)\b|\b(tear|torn|rip|ripped|hole|holes|puncture)\b[^?!]{0,60}\b(fix|fixed|mend|patch|repair)\b/,
    'small repairs holes patch',
  ],
  // Part of an order that has not shipped, taken off it: "take one of the lights off my order".
  [
    /\b(take|remove|drop|delete)( \w+){0,4} (off|from|out of) (my|the|this) order\b|\bonly (need|want) (one|two|three|\d)\b/,
    'cancel part of an order cancel items',
  ],
  // Paying for an order with another card.
  [
    /\b(change|update|switch|swap)( \w+){0,2} (card|payment)\b|\b(another|different|new) card\b/,
    'update payment method',
  ],
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Lower case without apostrophes: "Can't" and "cant" read alike. */
const normalise = (text: string) => text.toLowerCase().replace(/['’]/g, '');
const patterns = synonymGroups.map((group) => ({
  group,
  pattern: new RegExp(`\\b(${group.map((term) => escape(normalise(term))).join('|')})\\b`),
}));

/**
 * The other ways of saying the terms a question contains: the whole group of each, the question's own term
 * included (it counts once more, as when the synonyms were appended to the question), then the terms its
 * words imply; '' when it names none. Search weighs the words only these say less than the customer's own
 * (Bm25Parameters.expansion).
 */
export function synonymsOf(query: string): string {
  const text = normalise(query);
  return [
    ...patterns.filter(({ pattern }) => pattern.test(text)).flatMap(({ group }) => group),
    impliedTermsOf(query),
  ]
    .filter(Boolean)
    .join(' ');
}

/** What the question's words imply it is about, in the help centre's words ('' when nothing). */
export function impliedTermsOf(query: string): string {
  const text = normalise(query);
  return impliedTerms
    .filter(([pattern]) => pattern.test(text))
    .map(([, terms]) => terms)
    .join(' ');
}

/** The question followed by the synonyms of every term it contains (the question itself unchanged). */
export function expandQuery(query: string): string {
  const extra = synonymsOf(query);
  return extra === '' ? query : `${query} ${extra}`;
}
