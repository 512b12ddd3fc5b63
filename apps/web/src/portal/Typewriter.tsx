// Shows a reply streaming in, a few words at a time, the way a person would read it being written. The
// full text is in the DOM for assistive technology once it is done (aria-busy until then).
import { useEffect, useState } from 'react';

const WORDS_PER_TICK = 3;
const TICK_MS = 35;

export function Typewriter({ text, animate }: { text: string; animate: boolean }) {
  const words = text.split(/(\s+)/);
  const [shown, setShown] = useState(animate ? 0 : words.length);

  useEffect(() => {
    if (shown >= words.length) return;
    const timer = setTimeout(() => setShown((n) => Math.min(words.length, n + WORDS_PER_TICK * 2)), TICK_MS);
    return () => clearTimeout(timer);
  }, [shown, words.length]);

  const done = shown >= words.length;
  return (
    <span aria-busy={!done} className={done ? undefined : 'typing'}>
      {done ? text : words.slice(0, shown).join('')}
    </span>
  );
}
