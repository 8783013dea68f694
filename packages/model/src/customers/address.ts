// Pure: e-mail address helpers shared by customer identity and routing.

/** Lower-cased, trimmed, without angle brackets; `undefined` when there is no `local@domain`. */
export function normaliseAddress(raw: string): string | undefined {
  const trimmed = raw.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  // IDN domains arrive either as Unicode or punycode; a trailing dot is legal DNS but never in mail.
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).replace(/\.$/, '')}`;
}

export function domainOf(address: string): string | undefined {
  const normalised = normaliseAddress(address);
  return normalised?.slice(normalised.lastIndexOf('@') + 1);
}
