/**
 * One key per article URL, whatever tracking, scheme or AMP variant an outlet links to:
 * https, lower-case host without "www."/"amp.", no fragment, no tracking parameters,
 * AMP paths folded, no trailing slash, parameters sorted.
 */

const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid', 'ref', 'ref_src',
  'ref_url', 'cmpid', 'ocid', 'smid', 'sr_share', '_hsenc', '_hsmi', 'mkt_tok', 'amp', 'guccounter',
  'guce_referrer', 'guce_referrer_sig',
]);

function isTracking(key: string, value: string): boolean {
  const k = key.toLowerCase();
  if (k.startsWith('utm_') || TRACKING_PARAMS.has(k)) return true;
  // AMP switches and feed tags; other values of these keys are real parameters.
  if (k === 'output' || k === 'outputtype') return value.toLowerCase() === 'amp';
  if (k === 'source') return /^(?:rss|feed|feedburner|twitter|facebook|newsletter|email)$/i.test(value);
  return false;
}

function foldAmpPath(path: string): string {
  let p = path.replace(/\.amp(\.html?)$/i, '$1');
  p = p.replace(/\/amp\/?$/i, '/');
  p = p.replace(/^\/amp(\/.+)$/i, '$1');
  return p;
}

/** The canonical form of `url`; input that is not an absolute http(s) URL comes back trimmed. */
export function canonicalUrl(url: string): string {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return trimmed;

  const host = u.hostname.toLowerCase().replace(/\.$/, '').replace(/^(?:www\d{0,3}|amp)\./, '');
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';

  let path = foldAmpPath(u.pathname.replace(/\/{2,}/g, '/'));
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '/') path = '';

  const params: Array<[string, string]> = [];
  for (const [key, value] of u.searchParams) {
    if (!isTracking(key, value)) params.push([key, value]);
  }
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const query = params.length ? '?' + new URLSearchParams(params).toString() : '';

  return `https://${host}${port}${path}${query}`;
}
