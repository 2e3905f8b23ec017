/**
 * JavaScript's whitespace (what String.prototype.trim removes and `\s` matches), spelled out so the documented patterns
 * mean the same in every regex dialect a client may check them with (the OpenAPI document publishes them).
 */
export const WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** NUL, which no Postgres text column can hold: refused in every text a request stores, spelled like WHITESPACE. */
export const NUL = '\\u0000';

/** A scheme, a host, no whitespace and no NUL: the pattern the OpenAPI document states for http(s) URLs. */
export const HTTP_URL_PATTERN = `^[Hh][Tt][Tt][Pp][Ss]?://[^/${WHITESPACE}${NUL}][^${WHITESPACE}${NUL}]*$`;
const HTTP_URL = new RegExp(HTTP_URL_PATTERN);

/**
 * The one http(s) URL check (credentials, findings, env): the pattern above, and parseable. Plain code with no imports,
 * so the browser dashboard shares it through the provider definitions.
 */
export function isHttpUrl(value: string): boolean {
  return HTTP_URL.test(value) && URL.canParse(value);
}

export const HTTP_URL_MESSAGE = 'must be an http(s) URL';
