// Cuts what a customer's email repeats or signs off with, so the graph reads only what they wrote now:
// quoted history ("> …", "On … wrote:", forwarded/original-message blocks) and the signature ("-- ", "Sent from").

const historyStarts: readonly RegExp[] = [
  /^On .{1,200}wrote:\s*$/i,
  /^Le .{1,200}a écrit\s*:\s*$/i,
  /^Am .{1,200}schrieb.{0,100}:\s*$/i,
  /^El .{1,200}escribió:\s*$/i,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{5,}\s*$/,
  /^From: .+$/,
];

const signatureStarts: readonly RegExp[] = [
  /^-- ?$/,
  /^Sent from my .{1,60}$/i,
  /^Get Outlook for .{1,40}$/i,
  /^Sent from Mail for Windows/i,
];

/** The new text of an email body: lines before the quoted history and the signature, trimmed. */
export function stripReply(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const trimmed = line.trim();
    // "On Mon, 1 Dec 2026 at 10:00, Desk <support@…>" may wrap before "wrote:".
    const joined = `${trimmed} ${lines[i + 1]?.trim() ?? ''}`;
    if (historyStarts.some((start) => start.test(trimmed)) || /^On .{1,200}wrote:\s*$/i.test(joined)) break;
    if (signatureStarts.some((start) => start.test(line.trimEnd()))) break;
    if (trimmed.startsWith('>')) {
      // Quoted lines end what was written now only when nothing new follows them (bottom-posting keeps
      // the new text below the quote).
      const rest = lines.slice(i + 1).filter((l) => l.trim() !== '' && !l.trim().startsWith('>'));
      if (rest.length === 0 || rest.every((l) => signatureStarts.some((s) => s.test(l.trimEnd())))) break;
      continue;
    }
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
