// Credentials at rest: AES-256-GCM with a key from WHARF_SECRET_KEY (base64 or hex of 32 bytes) or
// a key file created on first run with mode 0600. A sealed value is `v1.<iv>.<tag>.<ciphertext>`
// (base64url), so a future key rotation can tell versions apart.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: Buffer, random: (n: number) => Buffer = randomBytes): SecretBox {
  if (key.length !== 32) throw new Error('secret key must be 32 bytes');
  return {
    seal(plain) {
      const iv = random(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined)
        throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

export interface SecretKeySource {
  /** The value of WHARF_SECRET_KEY, if set. */
  envKey: string | undefined;
  /** Where to keep a generated key when the environment gives none. */
  keyFile: string;
  random?: (n: number) => Buffer;
}

export function loadSecretKey({ envKey, keyFile, random = randomBytes }: SecretKeySource): Buffer {
  if (envKey) {
    const key = /^[0-9a-f]{64}$/i.test(envKey) ? Buffer.from(envKey, 'hex') : Buffer.from(envKey, 'base64');
    if (key.length !== 32) throw new Error('WHARF_SECRET_KEY must be 32 bytes, base64 or hex');
    return key;
  }
  try {
    return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = random(32);
  // 'wx': two processes starting at once must not overwrite each other's key
  try {
    writeFileSync(keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    throw err;
  }
  return key;
}
