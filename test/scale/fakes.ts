import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The outside world of the scale tests, counting what reaches it: every effect the deployment has
 * outside its database (a text sent, a webhook delivered) is counted here, where a duplicate would
 * land, not in our own tables.
 */

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closer(server: http.Server) {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => resolve(raw));
  });
}

/**
 * Kavenegar's send API as lib/sms/providers.ts calls it (POST /v1/{key}/sms/send.json, form fields
 * receptor, message and localid): every text it sends is kept, in order. A second send with a localid
 * it has seen is not sent again, as Kavenegar documents: the first message's entry is answered (and
 * the attempt counted in `repeats`, so a test sees the de-duplication at work).
 */
export async function startFakeKavenegar() {
  const sent: { receptor: string; message: string; localid: string | null }[] = [];
  const byLocalId = new Map<string, number>();
  let repeats = 0;
  let next = 1;
  const server = http.createServer(async (req, res) => {
    const body = new URLSearchParams(await readBody(req));
    const ok = req.method === 'POST' && /^\/v1\/[^/]+\/sms\/send\.json$/.test(req.url ?? '');
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    if (!ok) return res.end(JSON.stringify({ return: { status: 404, message: 'not found' } }));
    const localid = body.get('localid');
    let messageid = localid ? byLocalId.get(localid) : undefined;
    if (messageid === undefined) {
      messageid = next++;
      if (localid) byLocalId.set(localid, messageid);
      sent.push({ receptor: body.get('receptor') ?? '', message: body.get('message') ?? '', localid });
    } else repeats++;
    res.end(JSON.stringify({ return: { status: 200, message: 'تایید شد' }, entries: [{ messageid }] }));
  });
  const baseUrl = await listen(server);
  return {
    baseUrl,
    sent,
    /** Sends it refused to repeat (a localid seen before). */
    repeats: () => repeats,
    /** Texts that reached this mobile. */
    to: (mobile: string) => sent.filter((s) => s.receptor === mobile),
    /** Texts whose message contains `text`. */
    containing: (text: string) => sent.filter((s) => s.message.includes(text)),
    close: closer(server),
  };
}

/** A merchant's webhook endpoint: answers 200 and keeps every delivery (its `webhook-id` and body). */
export async function startWebhookReceiver() {
  const received: { id: string; type: string; data: Record<string, unknown> }[] = [];
  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: { type?: string; data?: Record<string, unknown> } = {};
    try {
      body = JSON.parse(raw);
    } catch {
      // counted anyway, with what there is
    }
    received.push({ id: String(req.headers['webhook-id'] ?? ''), type: body.type ?? '', data: body.data ?? {} });
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  const baseUrl = await listen(server);
  return {
    baseUrl,
    received,
    /** Deliveries of events about this object (a payment's id). */
    about: (id: string) => received.filter((r) => r.data.id === id),
    close: closer(server),
  };
}
