// Reads the customer's answer to a change the desk stated ("yes, please cancel it", "no, keep it", "the new
// address is …"). Offline rules, deliberately cautious: only a plain yes performs anything; a message that
// says yes and no at once, or names another order, is asked again; anything else is a new question.
import { findAddress, type PostalAddress } from './address.js';

export type AnswerReading =
  | { kind: 'confirm'; why: string }
  | { kind: 'decline'; why: string }
  /** A new delivery address, when the desk asked for one. */
  | { kind: 'address'; address: PostalAddress; why: string }
  /** An answer that cannot be acted on as it stands (yes and no at once, another order). */
  | { kind: 'unclear'; why: string }
  /** Not an answer to the question: the customer asks something else. */
  | { kind: 'unrelated'; why: string };

export interface AnswerContext {
  /** The order the change is about, if any: a reply naming another order is not a yes to this one. */
  orderId?: string | undefined;
  /** Whether the desk is waiting for a new delivery address. */
  wantsAddress?: boolean;
}

/** Said at the start of a reply, these mean yes. */
const yesOpening =
  /^(?:oh |well |um+ |erm+ )?(?:yes|yeah|yea|yep|yup|ya|aye|sure|ok|okay|k|alright|all right|absolutely|definitely|certainly|correct|confirm(?:ed)?|affirmative|please do|please go ahead|go ahead|go for it|do it|proceed|that'?s (?:right|correct|fine|great|perfect|it)|sounds good)\b/;
/** Anywhere in a reply, these mean yes. */
const yesPhrase = /\b(?:i confirm|yes please|please (?:go ahead|proceed|do (?:it|that|so))|go ahead and)\b/;
/** "Cancel it" / "please change it" as the whole point of the reply: a yes to that change. */
const echoedChange =
  /^(?:please )?(?:cancel|change|update|return|exchange|send|credit)\b(?: it| that| the order| my order| ord_\w+)?[\s.!]*$/;

/** Said at the start of a reply, these mean no. */
const noOpening = /^(?:oh |well |um+ |erm+ )?(?:no|nope|nah|negative|cancel that|hold on|stop)\b/;
/** Anywhere in a reply, these mean no. */
const noPhrase =
  /\b(?:don'?t|do not|dont|please don'?t|no need to|shouldn'?t) (?:cancel|change|update|do|go ahead|proceed|bother|touch|send|return|credit)\b|\b(?:keep|leave) (?:it|the order|my order|the address|it as it is|things as they are)\b|\bchanged my mind\b|\bnever ?mind\b|\bnot (?:now|any ?more)\b|\bhold off\b|\bforget (?:it|that|about it)\b|\bi'?ll keep\b|\bno,? thanks?\b|\bno thank you\b/;
/** After a no, a request for something else in its place: a replacement, an exchange, another item. */
const asksInstead =
  /\b(?:instead|replacement|replace it|exchange|swap|new one|(?:want|like|need|get|send me|have) (?:a |another )?new \w+)\b/;
/** Phrases with a "no" in them that refuse nothing (and on their own agree to nothing either). */
const notRefusals = /\b(?:no problem|no worries|no rush|not a problem|no objection)\b/g;

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** How the customer answered the stated change. */
export function readAnswer(text: string, context: AnswerContext = {}): AnswerReading {
  const said = normalise(text)
    .replace(notRefusals, '')
    .replace(/^[\s,.!;:"'-]+/, '');
  const yes =
    yesOpening.exec(said)?.[0] ?? yesPhrase.exec(said)?.[0] ?? (echoedChange.test(said) ? said : undefined);
  const no = noOpening.exec(said)?.[0] ?? noPhrase.exec(said)?.[0];
  if (yes && no) return { kind: 'unclear', why: `says both "${yes.trim()}" and "${no.trim()}"` };
  // "No, I don't want a refund, I want a new lamp": a no to this change, and a request for another.
  if (no && asksInstead.test(said)) {
    return { kind: 'unrelated', why: `says "${no.trim()}" and asks for something else instead` };
  }
  if (no) return { kind: 'decline', why: `says "${no.trim()}"` };

  const otherOrder = [...said.matchAll(/\bord_\w+/g)]
    .map((match) => match[0])
    .find((id) => context.orderId !== undefined && id !== context.orderId.toLowerCase());
  if (otherOrder) return { kind: 'unclear', why: `names another order (${otherOrder})` };

  if (context.wantsAddress) {
    const address = findAddress(text);
    if (address) return { kind: 'address', address, why: `gives the address ${address.line1}` };
    // A street with its number but no town or postcode is an address begun, not a new question.
    if (!yes && /\b\d+[a-z]?\s+[a-z]+/i.test(said)) {
      return { kind: 'unclear', why: 'gives an address without its town or postcode' };
    }
  }
  if (yes) return { kind: 'confirm', why: `says "${yes.trim()}"` };
  return { kind: 'unrelated', why: 'does not answer the question' };
}
