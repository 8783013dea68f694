import type { Access, Principal } from '@wharf/model';
import { docAccess, parseDocName } from '@wharf/model';

/** Access to a doc by name; 'invalid' when the name is not a Wharf doc name. */
export function accessFor(principal: Principal, doc: string): Access | 'invalid' {
  const ref = parseDocName(doc);
  return ref ? docAccess(principal, ref) : 'invalid';
}
