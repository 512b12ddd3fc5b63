// What the customer is told when their case goes to a person, and when they write again while they wait:
// who will answer, roughly when, and where — in the language they wrote in.
import type { LanguageCode } from './language.js';
import { composeReply } from './reply.js';

const handOff: Record<LanguageCode, (hours: number) => string> = {
  en: (hours) =>
    `I've passed your message to a member of our support team. A person will reply here in this conversation, and by email, within ${hours} hours. Anything you add here in the meantime goes straight to them.`,
  es: (hours) =>
    `Gracias por tu mensaje. Lo he pasado a una persona de nuestro equipo de atención al cliente, que te responderá aquí, en esta conversación, y por correo electrónico en un plazo de ${hours} horas.`,
  fr: (hours) =>
    `Merci pour votre message. Je l'ai transmis à une personne de notre équipe d'assistance, qui vous répondra ici, dans cette conversation, et par e-mail, sous ${hours} heures.`,
  de: (hours) =>
    `Danke für Ihre Nachricht. Ich habe sie an eine Person aus unserem Support-Team weitergegeben, die Ihnen hier in diesem Gespräch und per E-Mail innerhalb von ${hours} Stunden antwortet.`,
  pt: (hours) =>
    `Obrigado pela sua mensagem. Passei-a a uma pessoa da nossa equipe de suporte, que vai responder aqui, nesta conversa, e por e-mail, em até ${hours} horas.`,
  it: (hours) =>
    `Grazie per il messaggio. L'ho passato a una persona del nostro team di assistenza, che ti risponderà qui, in questa conversazione, e via e-mail entro ${hours} ore.`,
};

const followUp: Record<LanguageCode, string> = {
  en: "Thanks — I've added this to your request, so the person handling it will see it. They'll reply here.",
  es: 'Gracias, lo he añadido a tu solicitud para que lo vea la persona de nuestro equipo que la atiende. Te responderá aquí.',
  fr: "Merci, je l'ai ajouté à votre demande : la personne de notre équipe qui s'en occupe le verra. Elle vous répondra ici.",
  de: 'Danke, ich habe das zu Ihrer Anfrage hinzugefügt, damit die Person aus unserem Team es sieht. Sie antwortet Ihnen hier.',
  pt: 'Obrigado, acrescentei isto ao seu pedido para que a pessoa da nossa equipe que o trata o veja. Ela vai responder aqui.',
  it: "Grazie, l'ho aggiunto alla tua richiesta così la persona del nostro team che se ne occupa lo vedrà. Ti risponderà qui.",
};

/**
 * The acknowledgement sent the moment a case goes to a person, after what the desk found that a person must
 * sort out, when it says so (`found`, in the customer's language).
 */
export const handOffAcknowledgement = (input: {
  name: string | null | undefined;
  language: LanguageCode;
  hours: number;
  found?: readonly string[];
}): string =>
  composeReply({
    name: input.name,
    language: input.language,
    body: [...(input.found ?? []), handOff[input.language](Math.round(input.hours))].join('\n\n'),
  });

/** The one acknowledgement of a message written while the case waits for a person. */
export const followUpAcknowledgement = (language: LanguageCode): string => followUp[language];

/** Sent when a person checks the desk's answer before it goes out (a VIP, a refund above the limit). */
export const reviewAcknowledgement = (input: { name: string | null | undefined; hours: number }): string =>
  composeReply({
    name: input.name,
    body: `Thanks for your message. A member of our support team is checking the answer before it reaches you; you'll have it here in this conversation within ${Math.round(input.hours)} hours.`,
  });

/**
 * Sent when the customer has said yes to a stated change that policy gives to a person (over the refund
 * limit, a VIP account, a shipped order): what they confirmed, that nothing is done until a person
 * approves it, and when and where they will hear.
 */
export const approvalAcknowledgement = (input: {
  name: string | null | undefined;
  statement: string;
  hours: number;
}): string =>
  composeReply({
    name: input.name,
    body: `Thanks for confirming. A member of our team needs to approve this before we go ahead: ${input.statement} Nothing has been done yet; you'll have their answer here in this conversation within ${Math.round(input.hours)} hours.`,
  });
