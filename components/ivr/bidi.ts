/**
 * A name or number set inside a sentence of the other direction ("phone-desk" in Persian, a
 * Persian shop name in English) as an isolate, so its punctuation and the quotes around it stay
 * where they belong (FSI … PDI; LRI … PDI for numbers that must read left to right).
 */
export const isolate = (s: string) => `\u2068${s}\u2069`;
export const ltr = (s: string) => `\u2066${s}\u2069`;
