import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@/db/schema';
import { actorOf, type MerchantActor } from '@/lib/actor';
import { upsertUser } from '@/lib/auth/accounts';
import { localStorage, s3Storage, type FileStorage } from '@/lib/storage';
import { testDb, uniqueMobile } from '@/test/db';
import { currentKycDocuments, MAX_DOCUMENT_BYTES, readKycDocument, sniffContentType, uploadKycDocument } from './documents';

const db = testDb();
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 1)]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);

/** A local stand-in for an S3-compatible store: path-style PUT/GET/DELETE on /bucket/key. */
const objects = new Map<string, Buffer>();
const fakeS3 = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const key = decodeURIComponent((req.url ?? '').split('?')[0]);
    if (req.method === 'PUT') {
      objects.set(key, Buffer.concat(chunks));
      res.writeHead(200, { etag: '"x"' }).end();
    } else if (req.method === 'GET' && objects.has(key)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(objects.get(key));
    } else if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
    }
  });
});
let s3: FileStorage;
beforeAll(async () => {
  await new Promise<void>((r) => fakeS3.listen(0, '127.0.0.1', r));
  const port = (fakeS3.address() as AddressInfo).port;
  s3 = s3Storage({ bucket: 'kyc', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, accessKeyId: 'k', secretAccessKey: 's' });
});
afterAll(() => new Promise<void>((r) => fakeS3.close(() => r())));

const local = localStorage(path.join(os.tmpdir(), `dargah-test-docs-${process.pid}`));
const as = (u: User) => actorOf(u) as MerchantActor;
const person = () => upsertUser(db, { mobile: uniqueMobile(), firstName: 'a', lastName: 'b', password: 'some pass phrase', role: 'merchant' });

describe('documents', () => {
  it('are recognised by their content, not their name', () => {
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(JPEG)).toBe('image/jpeg');
    expect(sniffContentType(ELF)).toBeNull();
    expect(sniffContentType(Buffer.from('<svg onload=alert(1)>'))).toBeNull();
  });

  it('refuses disguised, empty, oversized and wrong-kind uploads', async () => {
    const u = await person();
    const up = (bytes: Buffer, kind: 'national_card' | 'gazette' = 'national_card') =>
      uploadKycDocument(db, as(u), { kind, bytes, name: 'photo.png', personKind: 'natural' }, local);
    expect(await up(ELF)).toEqual({ ok: false, error: 'fileType' });
    expect(await up(Buffer.alloc(0))).toEqual({ ok: false, error: 'fileEmpty' });
    expect(await up(Buffer.concat([PNG, Buffer.alloc(MAX_DOCUMENT_BYTES)]))).toEqual({ ok: false, error: 'fileTooLarge' });
    expect(await up(PDF, 'gazette')).toEqual({ ok: false, error: 'documentKind' });
    expect(await currentKycDocuments(db, as(u))).toEqual({});
  });

  it('are served to their owner and to staff, never to another merchant', async () => {
    const owner = await person();
    const other = await person();
    const staff = await upsertUser(db, { mobile: uniqueMobile(), firstName: 's', lastName: 's', password: 'staff pass phrase', role: 'admin' });
    const r = await uploadKycDocument(db, as(owner), { kind: 'national_card', bytes: JPEG, name: 'کارت ملی.jpg', personKind: 'natural' }, local);
    if (!r.ok) throw new Error(r.error);
    expect(r.document).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length, originalName: 'کارت ملی.jpg' });
    expect((await readKycDocument(db, actorOf(owner), r.document.id, local))?.bytes.equals(JPEG)).toBe(true);
    expect((await readKycDocument(db, actorOf(staff), r.document.id, local))?.bytes.equals(JPEG)).toBe(true);
    expect(await readKycDocument(db, actorOf(other), r.document.id, local)).toBeNull();
    expect(await readKycDocument(db, actorOf(other), 'not-a-uuid', local)).toBeNull();
    // A newer upload of the same kind replaces the one in use.
    const newer = await uploadKycDocument(db, as(owner), { kind: 'national_card', bytes: PDF, name: 'scan.pdf', personKind: 'natural' }, local);
    expect((await currentKycDocuments(db, as(owner))).national_card?.id).toBe(newer.ok && newer.document.id);
  });

  it('go to an S3-compatible store when one is configured', async () => {
    const u = await person();
    const r = await uploadKycDocument(db, as(u), { kind: 'national_card', bytes: PDF, name: 'card.pdf', personKind: 'natural' }, s3);
    if (!r.ok) throw new Error(r.error);
    expect(objects.get(`/kyc/${r.document.storageKey}`)?.equals(PDF)).toBe(true);
    expect((await readKycDocument(db, actorOf(u), r.document.id, s3))?.bytes.equals(PDF)).toBe(true);
    expect(await s3.get('kyc/missing')).toBeNull();
  });
});
