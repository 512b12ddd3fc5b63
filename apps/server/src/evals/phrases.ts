// How a desk reply asks for a yes, and how a customer gives one: shared by the procedure checks and the
// simulated customer, so both read the conversation the same way.

/** A reply that states an action and asks the customer to confirm it. */
export const ASKS_TO_CONFIRM =
  /\breply\s+["“']?yes\b|\b(please confirm|can you confirm|confirm (that|this|the|whether))\b|\b(shall i|should i|shall we|should we|would you like (me|us) to|do you want (me|us) to|is that (right|correct))\b(?:[^.?!\n]|\.(?=\S))*\?/i;

/** A customer's yes, in the languages the desk acknowledges. */
export const AFFIRMS =
  /\b(yes|yeah|yep|yup|sure|please do|go ahead|confirm(ed)?|ok(ay)?|correct|that'?s right|do it|sí|si|oui|ja|sim)\b/i;

/** A reply that asks for a delivery address. */
export const ASKS_ADDRESS =
  /\b(reply with|send( us)?|give( us)?|tell us|what is|what's)\b[^.?!\n]*\baddress\b/i;

/** A reply that asks which item or order the customer means. */
export const ASKS_WHICH = /\bwhich\b[^?]*\?|\bwhat (item|product|order)\b[^?]*\?/i;

/** A reply that asks the customer to say it again. */
export const ASKS_REPHRASE =
  /\b(rephrase|say (that|it) (again|another way)|didn't (quite )?(understand|catch)|put it another way)/i;
