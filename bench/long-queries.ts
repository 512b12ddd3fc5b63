// The long-message set: StackFAQ questions (public, outside the demo knowledge base) written the way customers
// write email and tickets: a greeting, a few paragraphs of context that have nothing to do with the answer,
// the question (sometimes asked twice in other words), thanks and a signature. Deterministic (seeded), and
// split in halves by query: tune on 'validation', report 'test'.
import { random } from './stats.js';

export interface LongQuery {
  id: string;
  text: string;
  threadId: string;
  split: 'validation' | 'test';
}

const greetings = [
  'Hi there,',
  'Hello support team,',
  'Good morning,',
  'Dear Sir or Madam,',
  'Hey folks,',
  'Hello,',
  'Hi, hope you are well.',
];

// Context customers add: their situation, what they tried, how they feel. Incidental words on purpose
// ("elsewhere", "mention", "happy", other apps they use) that a rare-word search latches on to.
const context = [
  'I have been using your service for about three years now and I have always been happy with it.',
  'My colleague mentioned that this might be hidden elsewhere in the settings, but I could not find it.',
  'I already tried searching online and looked through a couple of forums before writing to you.',
  'This is for a small project I run with a few friends at the weekends, nothing commercial.',
  'It worked fine until last week, when I came back from my holiday in Portugal.',
  'I am not very technical, so please bear with me if this is a silly question.',
  'I also use a few other tools every day for work, mostly email, a calendar and a spreadsheet or two.',
  'My daughter usually helps me with these things but she is away at university at the moment.',
  'We are a team of six people and everyone is asking me about this, so I promised to sort it out.',
  'I restarted my laptop twice and cleared the browser cache, as a friend suggested, but nothing changed.',
  'I am writing from my phone because my computer is being repaired, so sorry about any typos.',
  'Honestly I am a bit frustrated, because I lost most of the afternoon on this.',
  'I do not remember changing anything, although my nephew borrowed the computer on Sunday.',
  'There is a deadline on Friday, so it would be great to have this working before then.',
  'I read the documentation you link to at the bottom of the page but it seems to describe an older version.',
  'The strange thing is that on my old tablet everything looked normal.',
  'Our office moved to a new building last month and the network was set up again from scratch.',
  'I do not want to lose any of my existing data, pictures or contacts while trying to fix this.',
  'A similar thing happened to me about a year ago and it went away on its own, but not this time.',
  'I would prefer not to install any extra software if that can be avoided.',
];

const asides = [
  'To put it another way:',
  'So basically my question is this:',
  'In short:',
  'Just to be clear, what I am asking is:',
];

const closings = [
  'Thanks a lot in advance for your help!',
  'Any help would be much appreciated.',
  'Please let me know if you need any more details from my side.',
  'Looking forward to hearing from you.',
  'Thank you for your time.',
];

const signatures = [
  'Best regards,\nMaria Jensen\nSent from my phone',
  'Cheers,\nTom\n--\nTom Baker | Operations Lead | Harbour Supplies Ltd | +44 20 7946 0000',
  'Kind regards,\nPriya Natarajan\nThis email and any attachments are confidential and intended solely for the addressee.',
  'Thanks,\nJ. Okafor',
  'All the best,\nLena\n\nPlease consider the environment before printing this email.',
];

interface Question {
  _id: string;
  text: string;
  thread_id: string;
}

/** One long message per StackFAQ question, every `every`th one; halves alternate by thread order. */
export function buildLongQueries(questions: Question[], every = 3): LongQuery[] {
  const next = random(1212);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const byThread = new Map<string, Question[]>();
  for (const q of questions) byThread.set(q.thread_id, [...(byThread.get(q.thread_id) ?? []), q]);
  const threads = [...byThread.keys()].sort();
  // Split by thread, so a thread's paraphrases never sit on both sides of the split.
  const splitOf = (threadId: string) => (threads.indexOf(threadId) % 2 === 0 ? 'validation' : 'test');
  return questions
    .filter((_, i) => i % every === 0)
    .map((q) => {
      const before = Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(context));
      const after = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(context));
      const others = byThread.get(q.thread_id)!.filter((other) => other._id !== q._id);
      const restated = others.length > 0 && next() < 0.5 ? ` ${pick(asides)} ${pick(others).text}` : '';
      const paragraphs = [
        pick(greetings),
        before.join(' '),
        `${q.text}${restated}`,
        after.join(' '),
        pick(closings),
        pick(signatures),
      ];
      return { id: q._id, text: paragraphs.join('\n\n'), threadId: q.thread_id, split: splitOf(q.thread_id) };
    });
}
