// Content-addressed files (sha256) for raw sources and attachments: immutable, written once to a
// temporary name and renamed into place, so a crash leaves either the whole file or nothing, and
// writing the same content twice is harmless.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { threadId } from 'node:worker_threads';

export interface BlobStore {
  put(content: Readable): Promise<{ sha256: string; size: number }>;
  /** For content already in memory (small messages): one write, no stream plumbing. */
  putBuffer(content: Uint8Array): Promise<{ sha256: string; size: number }>;
  read(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function createBlobStore(dir: string): BlobStore {
  let tmpCounter = 0;
  const madeDirs = new Set<string>();
  const ensureDir = async (path: string) => {
    if (madeDirs.has(path)) return;
    await mkdir(path, { recursive: true });
    madeDirs.add(path);
  };
  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return join(dir, sha256.slice(0, 2), sha256.slice(2));
  };
  return {
    async put(content) {
      await ensureDir(join(dir, 'tmp'));
      const tmp = join(dir, 'tmp', `${process.pid}.${threadId}-${(tmpCounter += 1)}`);
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(content, measure, createWriteStream(tmp));
        const sha256 = hash.digest('hex');
        await ensureDir(join(dir, sha256.slice(0, 2)));
        await rename(tmp, pathOf(sha256));
        return { sha256, size };
      } catch (error) {
        // renamed, the temporary name is gone: only a failed write leaves one to remove
        await rm(tmp, { force: true });
        throw error;
      }
    },
    async putBuffer(content) {
      const sha256 = createHash('sha256').update(content).digest('hex');
      // rename over an existing blob is harmless (same bytes), cheaper than asking first
      await ensureDir(join(dir, 'tmp'));
      await ensureDir(join(dir, sha256.slice(0, 2)));
      const tmp = join(dir, 'tmp', `${process.pid}.${threadId}-${(tmpCounter += 1)}`);
      try {
        await writeFile(tmp, content);
        await rename(tmp, pathOf(sha256));
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      return { sha256, size: content.length };
    },
    read(sha256) {
      return createReadStream(pathOf(sha256));
    },
    async has(sha256) {
      try {
        await stat(pathOf(sha256));
        return true;
      } catch {
        return false;
      }
    },
  };
}
