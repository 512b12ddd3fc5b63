// Whether a customer's message asks about how things work rather than asking for something: "what is your
// refund policy?", "can final sale items be refunded?". "Can I get a refund" and "could you refund it" ask for
// one. The orders skill (no offer for a question) and the drafter (answer it from the help centre) read alike.

const questionOpening =
  /^\s*(?:how|when|what|whats|where|why|which|do|does|is|are|will|would|(?:can|could)(?! (?:i|we|you|u|me|someone|somebody)\b))\b/i;

/** "Before I order anything, what's your refund policy?": the policy, wherever in the message it is asked. */
const aboutPolicy = /\bpolic(?:y|ies)\b/i;

/** Whether the message opens as a question or asks about a policy anywhere. */
export const asksHowThingsWork = (text: string): boolean =>
  questionOpening.test(text) || aboutPolicy.test(text);

/**
 * Money back for delivery rather than for an item: "can you refund the shipping? it came 5 days late". The
 * help centre answers when delivery is refunded (a late express delivery, a damaged item's shipping); no
 * item is to be picked.
 */
export const asksForShippingMoney = (text: string): boolean =>
  /\b(?:refund|refunded|money back|reimburse\w*|compensat\w*)\b[^.?!]{0,30}\b(?:shipping|delivery|postage)\b|\b(?:shipping|delivery|postage) (?:cost|costs|fee|fees|charge|charges)\b[^.?!]{0,30}\b(?:back|refund|refunded)\b/i.test(
    text,
  );

/**
 * The customer cites something a person of ours said or promised ("the previous agent said you'd refund
 * double"): only a person can check the conversation it was in and honour it or not; the desk neither
 * believes nor disputes it.
 */
export const citesAPromise = (text: string): boolean =>
  /\b(?:previous|last|other|earlier|your|the) (?:agent|person|rep|representative|advisor|adviser|colleague|guy|lady|woman|man|staff member|support person)\b[^.?!]{0,40}\b(?:said|told me|told us|promised|agreed|offered|confirmed)\b|\byou (?:guys )?(?:promised|agreed to|said you would|said youd|told me you would)\b/i.test(
    text.replace(/['’]/g, ''),
  );
