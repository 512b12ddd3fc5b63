// What a customer's message asks for in money or items: a refund, a return or a replacement (or nothing: a
// question about how refunds work, a policy question, money for delivery), and the amount when they name the
// part refund they want. Read from their own words; which order lines it is for is order-items' job.
import { asksForShippingMoney, asksHowThingsWork, normaliseText } from '../domain/index.js';
import { namedProduct, plainText } from './order-items.js';

export type MoneyRequest = 'refund' | 'return' | 'replace';

/** A fault, damage or something missing, as customers say it. */
export const problem =
  /\b(?:damaged|broken|broke|fell apart|falling apart|came apart|coming apart|snapped|frayed|peeling|shrank|shrunk|stain|stains|stained|ruined|unusable|missing|torn|tore|rip|ripped|hole|holes|scratched|scratch|scratches|chipped|chip|chips|chipping|dent|dents|cracked|smashed|shattered|faulty|defective|dented|leaking|leaks|wrong item|doesnt work|does not work|not working|stopped working|(?:wont|doesnt|does not|will not|cant) (?:light|turn on|switch on|start|charge|heat up|heat|power on|hold a charge|stay on|stay lit)|(?:stopped|stops) (?:heating|charging|lighting|turning on|switching on)|flickers|flickering|broke down|no longer works|died|crack|cracks|(?:making|makes|made) (?:a |an )?(?:\w+ )?(?:noise|sound)|keeps (?:turning|switching|cutting) off|inaccurate|not accurate|(?:reads|reading|readings|weighs|measures) (?:\w+ )?(?:wrong|off)|off by (?:about |around |roughly |like )?(?:a|\d+)|never (?:arrived|came)|wasnt in|was not in|werent in|were not in|not in the (?:box|package|parcel)|only (?:had|got|received|came with|contained) (?:one|1|a single))\b/;
const hypothetical =
  /^\s*(?:if|what if|what happens if|suppose|say)\b|\b(?:something|anything|an item|items)\s+(?:that|which|if|i)\b/;
/** "A replacement, not a refund", "I'd rather have a new one than a refund": money the customer turns down. */
const refusedMoney =
  /\b(?:not|no|rather than|instead of|(?:dont|do not) (?:want|need)) (?:a |my |the )?(?:refund|money back)\b|\b(?:rather|prefer|sooner)\b[^.?!]*?\b(?:than|over|to) (?:a |my |the )?(?:refund|money back)\b/g;
const replacing =
  /\b(?:replace|replaced|replacing|replacement|send (?:me )?(?:a |another )?(?:new|another|replacement)|new one|(?:want|like|need|get|have) (?:a |another )?new \w+)\b/;

/**
 * What money or item action the message asks for, if any. A question about how refunds work ("how long
 * does a refund take?") asks for none, whatever intent the classifier gave it.
 */
export function moneyRequestOf(intent: string, text: string): MoneyRequest | undefined {
  const plain = plainText(text);
  const names = /\bord_[a-z0-9]+/.test(plain) || namedProduct(text) !== undefined;
  if (asksHowThingsWork(plain) && !problem.test(plain) && !names) return undefined;
  // "Refund the shipping, it came late": the help centre says when delivery is refunded; no item moves.
  if (asksForShippingMoney(plain) && !names) return undefined;
  // "If something arrives broken, do I get…", "can I return something that was final sale?": policy.
  if (hypothetical.test(plain) && !names && !/\bmy\b/.test(plain)) return undefined;
  if (intent === 'return_or_exchange') {
    if (replacing.test(plain)) return 'replace';
    return /\b(?:exchange|swap|different (?:size|colour|color))\b/.test(plain) ? undefined : 'return';
  }
  const moneyIntent = intent === 'refund_request' || intent === 'damaged_item';
  const orderIntent = ['order_status', 'shipping_info', 'other', 'billing'].includes(intent);
  if (!moneyIntent && !(orderIntent && problem.test(plain))) return undefined;
  const wantsMoney = /\b(?:refund|money back)\b/.test(plain.replace(refusedMoney, ' '));
  return replacing.test(plain) && !wantsMoney ? 'replace' : 'refund';
}

/** An amount of money as customers write it: "$20", "$12.50", "20 dollars", "15 bucks". */
const amountSaid = /\$ ?(\d{1,6}(?:\.\d{1,2})?)\b|\b(\d{1,6}(?:\.\d{1,2})?) ?(?:dollars|bucks|usd)\b/g;
/** Words that make an amount one the customer asks back: "a refund of $20", "$20 back", "$15 off". */
const askingBefore =
  /\b(?:refund|refunded|back|credit|credited|compensation|compensate|discount|partial refund|give me|pay me|knock)(?: \w+){0,2} $/;
const askingAfter = /^ ?(?:back|off|refund|refunded|credit|as (?:a )?(?:partial )?refund)\b/;

/**
 * The amount the customer asks to be refunded, in minor units, when they name exactly one ("a refund of $20
 * for the scratch"): a partial refund is what they asked for, never the whole item's price.
 */
export function askedAmountMinor(text: string): number | undefined {
  const said = normaliseText(text).toLowerCase();
  const asked = [...said.matchAll(amountSaid)]
    .filter((match) => {
      const before = said.slice(Math.max(0, match.index - 40), match.index);
      const after = said.slice(match.index + match[0].length, match.index + match[0].length + 30);
      return askingBefore.test(before) || askingAfter.test(after);
    })
    .map((match) => Math.round(Number(match[1] ?? match[2]) * 100));
  return new Set(asked).size === 1 && asked[0]! > 0 ? asked[0] : undefined;
}
