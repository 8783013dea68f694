// The last signed-in user, so the app opens offline from the local cache. Holds no secret: the
// session itself is an HttpOnly cookie the page never sees.
import type { SessionUser } from '../api/relay-api.ts';

const KEY = 'wharf.user';

export function rememberUser(storage: Pick<Storage, 'setItem'>, user: SessionUser): void {
  storage.setItem(KEY, JSON.stringify(user));
}

export function forgetUser(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(KEY);
}

export function cachedUser(storage: Pick<Storage, 'getItem'>): SessionUser | undefined {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as SessionUser | null;
    return value && typeof value.id === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
