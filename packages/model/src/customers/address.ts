// Pure: e-mail address helpers shared by customer identity and routing.

/**
 * Lower-cased, trimmed, without angle brackets, full-width forms folded (＠ → @), the domain in
 * ASCII (münchen.de → xn--mnchen-3ya.de, so both spellings are one customer); `undefined` when
 * there is no `local@domain`.
 */
export function normaliseAddress(raw: string): string | undefined {
  const trimmed = raw.normalize('NFKC').trim().replace(/^<|>$/g, '').trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  // A trailing dot is legal DNS but never meant in mail.
  const domain = asciiDomain(trimmed.slice(at + 1).replace(/\.$/, ''));
  return domain === undefined ? undefined : `${trimmed.slice(0, at)}@${domain}`;
}

const DOMAIN = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;

function asciiDomain(domain: string): string | undefined {
  let ascii = domain;
  // eslint-disable-next-line no-control-regex -- "is it plain ASCII" is exactly the question
  if (!/^[\x00-\x7f]*$/.test(domain)) {
    try {
      ascii = new URL(`http://${domain}/`).hostname;
    } catch {
      return undefined;
    }
  }
  return DOMAIN.test(ascii) ? ascii : undefined;
}

export function domainOf(address: string): string | undefined {
  const normalised = normaliseAddress(address);
  return normalised?.slice(normalised.lastIndexOf('@') + 1);
}
