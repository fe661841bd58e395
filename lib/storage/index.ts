import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Where uploaded files live: the local disk by default, any S3-compatible store when configured. */
export interface FileStorage {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
  /** Stores a file from disk without reading it into memory (large exports). */
  putFile(key: string, file: string, contentType: string): Promise<void>;
  /** Reads a stored file as a stream, or null. */
  getStream(key: string): Promise<Readable | null>;
  /** Every stored file whose key starts with `prefix` (a folder, ending in `/`), with when it was last written. */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

function checkKey(key: string) {
  // Keys are made by us (uuid-based); refuse anything that could climb out of the folder.
  if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key: ${key}`);
}

export function localStorage(root: string): FileStorage {
  const file = (key: string) => {
    checkKey(key);
    return path.join(root, key);
  };
  return {
    async put(key, body) {
      const f = file(key);
      await mkdir(path.dirname(f), { recursive: true });
      await writeFile(f, body, { mode: 0o600 });
    },
    async get(key) {
      try {
        return await readFile(file(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
    async putFile(key, from) {
      const f = file(key);
      await mkdir(path.dirname(f), { recursive: true });
      await copyFile(from, f);
    },
    async getStream(key) {
      const f = file(key);
      try {
        await stat(f);
      } catch {
        return null;
      }
      return createReadStream(f);
    },
    async *list(prefix) {
      checkKey(prefix);
      async function* walk(dir: string): AsyncGenerator<{ key: string; modifiedAt: Date }> {
        let entries;
        try {
          entries = await readdir(path.join(root, dir), { withFileTypes: true });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw err;
        }
        for (const e of entries) {
          const key = `${dir}${e.name}`;
          if (e.isDirectory()) yield* walk(`${key}/`);
          else if (e.isFile()) {
            const st = await stat(path.join(root, key)).catch(() => null);
            if (st) yield { key, modifiedAt: st.mtime };
          }
        }
      }
      yield* walk(prefix);
    },
  };
}

export function s3Storage(opts: {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle?: boolean;
}): FileStorage {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle ?? !!opts.endpoint,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  });
  return {
    async put(key, body, contentType) {
      checkKey(key);
      await client.send(new PutObjectCommand({ Bucket: opts.bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async get(key) {
      checkKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: key }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    async remove(key) {
      checkKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: key }));
    },
    async putFile(key, from, contentType) {
      checkKey(key);
      const { size } = await stat(from);
      await client.send(new PutObjectCommand({ Bucket: opts.bucket, Key: key, Body: createReadStream(from), ContentLength: size, ContentType: contentType }));
    },
    async getStream(key) {
      checkKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: key }));
        return (out.Body as Readable | undefined) ?? null;
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    async *list(prefix) {
      checkKey(prefix);
      let token: string | undefined;
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of out.Contents ?? []) if (o.Key) yield { key: o.Key, modifiedAt: o.LastModified ?? new Date() };
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

let cached: FileStorage | undefined;

/** S3 when S3_BUCKET is set (with S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, optional S3_ENDPOINT); else .data/uploads. */
export function getStorage(): FileStorage {
  if (cached) return cached;
  const e = process.env;
  cached = e.S3_BUCKET
    ? s3Storage({
        bucket: e.S3_BUCKET,
        region: e.S3_REGION ?? 'us-east-1',
        endpoint: e.S3_ENDPOINT || undefined,
        accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
      })
    : localStorage(e.UPLOADS_DIR ?? path.join(process.cwd(), '.data', 'uploads'));
  return cached;
}
