import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { parseAccept } from 'hono/utils/accept';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

// Compression negotiated by Accept-Encoding: br when the client takes it (smallest), else gzip. hono/compress does
// gzip and deflate only, so both are done here with node:zlib, on answers that are whole in memory anyway (JSON,
// CSV, NDJSON, the dashboard's files).

const ENCODINGS = ['br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];

const compressors: Record<Encoding, (data: Buffer) => Promise<Buffer>> = {
  // Quality 5: most of br's gain at a fraction of the default 11's cost, which is meant for static files.
  br: (data) =>
    promisify(brotliCompress)(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data) => promisify(gzip)(data),
};

/** The accepted encoding with the highest q (br before gzip on a tie); null for identity. */
function negotiateEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepts = parseAccept(header);
  const q = (name: string) =>
    accepts.find((a) => a.type.toLowerCase() === name)?.q ?? accepts.find((a) => a.type === '*')?.q ?? 0;
  let best: { encoding: Encoding; q: number } | null = null;
  for (const encoding of ENCODINGS) {
    const weight = q(encoding);
    if (weight > 0 && (!best || weight > best.q)) best = { encoding, q: weight };
  }
  return best?.encoding ?? null;
}

const NDJSON = /^application\/x-ndjson(?:[;\s]|$)/i;

/**
 * Compressed bodies by encoding and ETag, least recently used first out: an answer with the same tag is the same
 * answer (the response cache's tags change with the catalog version), so it is compressed once, not per request.
 */
function compressedMemo(maxBytes: number) {
  const entries = new Map<string, Uint8Array<ArrayBuffer>>();
  let bytes = 0;
  return {
    get(key: string): Uint8Array<ArrayBuffer> | undefined {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key: string, body: Uint8Array<ArrayBuffer>): void {
      if (body.length > maxBytes / 8 || entries.has(key)) return;
      entries.set(key, body);
      bytes += body.length;
      for (const [k, v] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(k);
        bytes -= v.length;
      }
    },
  };
}

/** Compresses answers of compressible types over `threshold` bytes; every answer says it varies on Accept-Encoding. */
export function compression(opts: { threshold?: number; memoBytes?: number } = {}): MiddlewareHandler {
  const threshold = opts.threshold ?? 1024;
  const memo = compressedMemo(opts.memoBytes ?? 32 * 1024 * 1024);
  return async (c, next) => {
    await next();
    const vary = c.res.headers.get('Vary');
    if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? ''))
      c.res.headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const type = c.res.headers.get('Content-Type') ?? '';
    if (
      c.req.method === 'HEAD' ||
      c.res.status !== 200 ||
      !c.res.body ||
      c.res.headers.has('Content-Encoding') ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(c.res.headers.get('Cache-Control') ?? '') ||
      !(COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || NDJSON.test(type))
    )
      return;
    const encoding = negotiateEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    const length = Number(c.res.headers.get('Content-Length') ?? Number.NaN);
    if (length < threshold) return;
    const tag = c.res.headers.get('ETag');
    const key = tag ? `${encoding} ${tag}` : null;
    let body = key ? memo.get(key) : undefined;
    if (body) {
      await c.res.body.cancel();
    } else {
      const data = Buffer.from(await c.res.arrayBuffer());
      // Assigning c.res keeps the old answer's headers; they are set on the new one afterwards.
      if (data.length < threshold) {
        c.res = new Response(new Uint8Array(data), c.res);
        return;
      }
      body = new Uint8Array(await compressors[encoding](data));
      if (key) memo.set(key, body);
    }
    c.res = new Response(body, c.res);
    const { headers } = c.res;
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    // The same answer in another encoding: a strong tag would claim byte equality.
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  };
}
