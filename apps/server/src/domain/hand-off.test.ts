import { describe, expect, it } from 'vitest';
import { followUpAcknowledgement, handOffAcknowledgement } from './hand-off.js';
import { languages, type LanguageCode } from './language.js';

describe('hand-off acknowledgements', () => {
  it('say who answers, roughly when and where', () => {
    const text = handOffAcknowledgement({ name: 'Farid Haddad', language: 'en', hours: 24 });
    expect(text).toMatch(/^Hi Farid,\n\n/);
    expect(text).toContain('support team');
    expect(text).toContain('within 24 hours');
    expect(text).toContain('here in this conversation');
  });

  it('say first what the desk found that a person has to sort out', () => {
    const found = "Order ord_1012 was cancelled, but I can't see a refund recorded on it.";
    const text = handOffAcknowledgement({ name: 'Farid Haddad', language: 'en', hours: 24, found: [found] });
    expect(text).toMatch(
      new RegExp(`^Hi Farid,\\n\\n${found.replace(/\./g, '\\.')}\\n\\nI've passed your message`),
    );
  });

  it.each([
    ['es', /^Hola Luis,.*equipo.*24 horas/s],
    ['fr', /^Bonjour Luis,.*équipe.*24 heures/s],
    ['de', /^Hallo Luis,.*Team.*24 Stunden/s],
    ['pt', /^Olá Luis,.*equipe.*24 horas/s],
    ['it', /^Ciao Luis,.*team.*24 ore/s],
  ] as const)('are written in the customer’s language: %s', (language, pattern) => {
    expect(handOffAcknowledgement({ name: 'Luis Navarro', language, hours: 24 })).toMatch(pattern);
  });

  it('acknowledge a follow-up in every language', () => {
    for (const code of Object.keys(languages) as LanguageCode[]) {
      expect(followUpAcknowledgement(code).length).toBeGreaterThan(20);
    }
    expect(followUpAcknowledgement('en')).toContain('the person handling it will see it');
  });
});
