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

/** Compresses answers of compressible types over `threshold` bytes; every answer says it varies on Accept-Encoding. */
export function compression(opts: { threshold?: number } = {}): MiddlewareHandler {
  const threshold = opts.threshold ?? 1024;
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
    const data = Buffer.from(await c.res.arrayBuffer());
    // Assigning c.res keeps the old answer's headers; they are set on the new one afterwards.
    if (data.length < threshold) {
      c.res = new Response(new Uint8Array(data), c.res);
      return;
    }
    c.res = new Response(new Uint8Array(await compressors[encoding](data)), c.res);
    const { headers } = c.res;
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    // The same answer in another encoding: a strong tag would claim byte equality.
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
  };
}
