// Text that tries to instruct the desk rather than ask it something ("ignore previous instructions", fake
// system or assistant turns, tags that pretend to end the data). Triage classifies the message without those
// parts, so an injected instruction cannot steer routing; the parts are reported so a person can see them.

const segmentPatterns: RegExp[] = [
  /\b(ignore|disregard|forget|override)\b[^.!?\n]{0,30}\b(instructions?|prompts?|rules|guidelines|policy|policies)\b/i,
  /(^|[\s[<(#*])(system|assistant|developer|admin)\s*(message|prompt|override)?\s*[\]>)#*]*\s*:/i,
  /<\/?\s*(system|assistant|user|data|instructions?)\b[^>]*>/i,
  /\byou are (now|no longer)\b/i,
  /\b(admin|developer|god|jailbreak) mode\b|\bDAN\b|\bsystem override\b/i,
  /\b(classify|route|mark|label) (this|the (message|ticket|request|conversation))\b/i,
  /\bnew (policy|instructions?|rules?)\b/i,
];

/** Sentences and lines, keeping their text (a crude but predictable split). */
const segmentsOf = (text: string): string[] =>
  text
    .split(
      /\n+|(?<=[.!?])\s+|(?=\[(?:system|assistant|developer)\])|(?=<\/?\s*(?:system|data|assistant)\b)|(?=#{2,})/i,
    )
    .map((segment) => segment.trim())
    .filter(Boolean);

export interface InstructionScan {
  /** The message without the instruction-like segments (the whole message when nothing looked injected). */
  request: string;
  /** The segments taken out. */
  removed: string[];
}

export function withoutInjectedInstructions(text: string): InstructionScan {
  const segments = segmentsOf(text);
  const removed = segments.filter((segment) => segmentPatterns.some((pattern) => pattern.test(segment)));
  if (removed.length === 0) return { request: text, removed };
  const request = segments.filter((segment) => !removed.includes(segment)).join(' ');
  return { request, removed };
}
