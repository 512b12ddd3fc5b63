// A small offline language detector for the languages the desk acknowledges (English, Spanish, French,
// German, Portuguese, Italian): it counts each language's most frequent function words and its letters.
// Short or mixed messages stay English unless another language clearly leads.

export const languages = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  pt: 'Portuguese',
  it: 'Italian',
} as const;

export type LanguageCode = keyof typeof languages;

const words: Record<LanguageCode, string> = {
  en: 'the a an and is are was my i you your it to of in on for with this that not have has do does can please hi hello thanks order how what where when why',
  es: 'el la los las y es son mi mis yo usted tu su de del en por para con que no pedido hola gracias quiero puedo cómo como qué donde dónde todavía ha llegado ayuda hablar alguien sobre una un favor',
  fr: 'le la les et est sont mon ma mes je vous votre de du des en pour avec que ne pas commande bonjour merci voudrais peux comment où toujours arrivée arrivé aide une un plaît',
  de: 'der die das und ist sind mein meine ich sie ihr von mit für nicht bestellung hallo danke möchte kann wie wo noch ist angekommen hilfe ein eine mir bitte nicht mehr',
  pt: 'o a os as e é são meu minha eu você seu de do da em por para com que não pedido olá obrigado obrigada quero posso como onde ainda chegou ajuda um uma favor compra',
  it: 'il lo la i gli le e è sono mio mia io lei tuo di del della in per con che non ordine ciao grazie vorrei posso come dove ancora arrivato aiuto un una favore',
};

const vocabulary = Object.fromEntries(
  Object.entries(words).map(([code, list]) => [code, new Set(list.split(' '))]),
) as Record<LanguageCode, Set<string>>;

// Letters that mark a language out; each found adds weight to it.
const letters: Partial<Record<LanguageCode, RegExp>> = {
  es: /[ñ¿¡]/g,
  fr: /[çœèêë]|\b(qu'|n'|l'|d'|j')/g,
  de: /[äöüß]/g,
  pt: /[ãõ]|ção\b/g,
  it: /\b(è|perché|più)\b|[ìò]/g,
};

export interface DetectedLanguage {
  code: LanguageCode;
  name: string;
  /** How far the winner leads the runner-up, 0..1. */
  confidence: number;
}

export function detectLanguage(text: string): DetectedLanguage {
  const tokens = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const scores = Object.fromEntries(
    (Object.keys(languages) as LanguageCode[]).map((code) => {
      const hits = tokens.filter((token) => vocabulary[code].has(token)).length;
      const marks = (text.toLowerCase().match(letters[code] ?? /$^/g) ?? []).length;
      return [code, hits + 1.5 * marks];
    }),
  ) as Record<LanguageCode, number>;
  const ranked = (Object.keys(scores) as LanguageCode[]).sort((a, b) => scores[b] - scores[a]);
  const [best, second] = [ranked[0]!, ranked[1]!];
  const lead = scores[best] - scores[second];
  // Another language must lead English clearly and have at least two signals; else it is English.
  const english = best === 'en' || scores[best] < 2 || scores[best] - scores.en < 1 || lead <= 0;
  const code = english ? 'en' : best;
  const total = Math.max(1, scores[best]);
  return {
    code,
    name: languages[code],
    confidence: english && best !== 'en' ? 0.5 : Math.min(1, lead / total + 0.5),
  };
}
