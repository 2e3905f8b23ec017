/**
 * The one http(s) URL check (credentials, findings, env): a scheme, a host, no whitespace, parseable. Plain code with no
 * imports, so the browser dashboard shares it through the provider definitions.
 */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s/]+[^\s]*$/i.test(value) && URL.canParse(value);
}

export const HTTP_URL_MESSAGE = 'must be an http(s) URL';
