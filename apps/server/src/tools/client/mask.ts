// Personal data masked out of tool-call records: the record says what was asked without storing who.
const personalKeys =
  /(email|phone|postcode|zip|name|address|line1|line2|city|verification|token|password|secret)/i;
const emailPattern = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const phonePattern = /\+?\d[\d\s().-]{7,}\d/g;

const maskText = (text: string) =>
  text.replace(emailPattern, (email) => `${email[0]}***@***`).replace(phonePattern, '***');

/** A copy of the arguments with personal fields replaced and emails or phone numbers in text masked. */
export function maskPersonalData(value: unknown, key = ''): unknown {
  if (personalKeys.test(key) && value !== null && value !== undefined) {
    return typeof value === 'object' ? '[masked]' : '***';
  }
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskPersonalData(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  return value;
}
