/**
 * The one rule for free text: no control characters. PostgreSQL refuses U+0000 in text (error
 * 22021, a 500 if it gets that far), and the other controls have no business in a name, an order
 * id or a description: they hide text, break CSV and logs, and spoof what people see.
 *
 * Refused: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), lone surrogates (not valid
 * UTF-16, so not valid UTF-8 for the database) and the non-characters U+FFFE/U+FFFF. A multi-line
 * field (a textarea, an API description) may also hold TAB, LF and CR. Format characters that
 * Persian text needs (ZWNJ U+200C, RLM/LRM) are not controls and stay allowed.
 *
 * Use: `z.string().trim().refine(singleLine, CONTROL_CHARS)` (or `multiLine`), before any
 * transform, so the field error is this one and nothing after it sees the value.
 */

/** The message key under `errors.*`. */
export const CONTROL_CHARS = 'controlChars';

const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const SINGLE_LINE_BAD = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\ufffe\\uffff]|${LONE_SURROGATE}`);
const MULTI_LINE_BAD = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff]|${LONE_SURROGATE}`);

/** True when `v` holds no control character at all (names, ids, one-line inputs, query parameters). */
export function singleLine(v: string): boolean {
  return !SINGLE_LINE_BAD.test(v);
}

/** True when `v` holds no control character other than TAB, LF and CR (textareas, descriptions). */
export function multiLine(v: string): boolean {
  return !MULTI_LINE_BAD.test(v);
}

const ANY_BAD = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\ufffe\\uffff]|${LONE_SURROGATE}`, 'g');

/** A search box's text with every control character removed: searching forgives, and the database never sees one. */
export function withoutControls(v: string): string {
  return v.replace(ANY_BAD, '');
}
