// The one spelling of a push endpoint we store and compare. A push resource has many spellings that
// reach the same push service (host case, a trailing dot, ":443" written out, an empty "?" or "#");
// matching the raw string let each one become another active row for the same browser. Every write
// and every lookup by endpoint goes through canonicalEndpoint first.
//
// Only what URLs define as equivalent is folded. The path and a non-empty query are kept as the URL
// parser serialises them — exactly the request line we later POST — because push services' tokens are
// case-sensitive: "/fcm/send/AbC" and "/fcm/send/abc" are two different subscriptions.

/** The canonical form of a parsed endpoint: lower-case scheme and host, no trailing dot, default port, empty query or fragment. */
export function canonicalHref(url: URL): string {
  // The WHATWG parser already lower-cases scheme and host and drops the scheme's default port (443).
  const host = url.hostname.endsWith(".") ? url.hostname.slice(0, -1) : url.hostname;
  const port = url.port === "" ? "" : `:${url.port}`;
  // url.search is "" both without a query and for a bare "?"; the fragment and user info are never
  // part of it (the endpoint policy refuses both on what we store).
  return `${url.protocol}//${host}${port}${url.pathname}${url.search}`;
}

/**
 * The canonical form of an endpoint string. One that does not parse is returned as given: it was never
 * stored (the policy refuses it), so a lookup with it simply finds nothing.
 */
export function canonicalEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return endpoint;
  }
  return canonicalHref(url);
}
