import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('language detection', () => {
  it.each([
    ['es', 'Hola, mi pedido no ha llegado todavía'],
    ['es', 'Quiero hablar con alguien sobre la devolución de mi olla'],
    ['fr', "Bonjour, ma commande n'est toujours pas arrivée"],
    ['fr', "Je voudrais annuler ma commande s'il vous plaît"],
    ['de', 'Hallo, meine Bestellung ist beschädigt angekommen'],
    ['de', 'Wie kann ich mein Passwort zurücksetzen? Ich komme nicht mehr in mein Konto.'],
    ['pt', 'Olá, meu pedido chegou com defeito e eu queria saber o que fazer'],
    ['pt', 'Boa tarde, quero cancelar a minha compra por favor'],
    ['it', 'Buongiorno, il mio ordine non è ancora arrivato'],
    ['it', 'Ciao, vorrei un rimborso per il mio ordine per favore'],
  ])('recognises %s: %s', (code, text) => {
    expect(detectLanguage(text).code).toBe(code);
  });

  it.each([
    'How do I reset my password?',
    'my order ord_1009 has not arrived',
    'asdf qwer zxcv',
    'thanks!',
    'The tent arrived with a big tear in the rainfly',
    'Do you ship to Puerto Rico?',
    'hi',
  ])('keeps English and gibberish as English: %s', (text) => {
    expect(detectLanguage(text).code).toBe('en');
  });
});
