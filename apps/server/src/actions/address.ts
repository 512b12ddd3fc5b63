// Reads a postal address out of a customer's message ("the new address is 12 High St, Leeds LS1 4AB"), for
// a change of delivery address. Offline and strict on purpose: without a house number, a town and a
// postcode it finds nothing, and the desk asks again rather than guess where an order should go.

/** An address in the shape the change_address action takes. */
export interface PostalAddress {
  line1: string;
  city: string;
  region: string;
  postcode: string;
  country: string;
}

const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR'
  ).split(' '),
);

/** "…, Austin, TX 78701" or "…, Austin TX 78701-1234". */
const usPostcode = /\b([A-Za-z]{2})\.?\s+(\d{5}(?:-\d{4})?)\b/g;
/** "…, Leeds LS1 4AB" (a UK postcode; its town stands in for the region). */
const ukPostcode = /\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b/g;

/** Where the street part starts: a house number, or a flat or unit before one. */
const streetStart = /\b(?:(?:flat|apt|apartment|unit|suite)\s+\w+\s*,?\s*)?\d+[a-z]?\b\s*[a-z]/i;

interface PostcodeHit {
  index: number;
  region: string | undefined;
  postcode: string;
  country: 'US' | 'GB';
}

function postcodeIn(text: string): PostcodeHit | undefined {
  for (const match of text.matchAll(usPostcode)) {
    const state = match[1]!.toUpperCase();
    if (US_STATES.has(state)) {
      return { index: match.index, region: state, postcode: match[2]!, country: 'US' };
    }
  }
  const uk = [...text.matchAll(ukPostcode)].at(-1);
  if (uk) {
    return {
      index: uk.index,
      region: undefined,
      postcode: `${uk[1]!.toUpperCase()} ${uk[2]!.toUpperCase()}`,
      country: 'GB',
    };
  }
  return undefined;
}

const tidy = (part: string) => part.replace(/^[\s,.:;-]+|[\s,.:;-]+$/g, '').replace(/\s+/g, ' ');

/** The address the message gives, or undefined when it has no complete one. */
export function findAddress(text: string): PostalAddress | undefined {
  const hit = postcodeIn(text);
  if (!hit) return undefined;
  const parts = text
    .slice(0, hit.index)
    .split(/[,\n]/)
    .map(tidy)
    .filter((part) => part !== '');
  const city = parts.pop();
  if (!city || /\d/.test(city) || parts.length === 0) return undefined;
  const street = parts.join(', ');
  const start = streetStart.exec(street);
  if (!start) return undefined;
  const line1 = tidy(street.slice(start.index));
  if (line1.length < 4 || line1.length > 200 || city.length > 100) return undefined;
  return {
    line1,
    city,
    region: hit.region ?? city,
    postcode: hit.postcode,
    country: hit.country,
  };
}
