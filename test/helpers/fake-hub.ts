/**
 * A `fetch` that serves files the way the Hub's resolve/raw endpoints do (HEAD, GET, byte ranges,
 * ETag), for tests of Hub-reading code without a network. `files` maps `owner/name/path` to bytes.
 */
export function fakeHubFetch(files: Record<string, Uint8Array | string>, seen: Request[] = []): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    seen.push(req);
    const url = new URL(req.url);
    const m = /^\/(?:api\/models\/)?([^/]+\/[^/]+)\/(?:resolve|raw)\/[^/]+\/(.+)$/.exec(url.pathname);
    const key = m ? `${m[1]}/${decodeURIComponent(m[2] ?? '')}` : '';
    const body = files[key];
    if (body === undefined) return new Response('Entry not found', { status: 404 });
    const bytes = Uint8Array.from(typeof body === 'string' ? new TextEncoder().encode(body) : body);
    const headers = new Headers({
      etag: `"${bytes.length}-${key.length}"`,
      'content-length': String(bytes.length),
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
    });
    if (req.method === 'HEAD') return new Response(null, { status: 200, headers });
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.get('range') ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
      const slice = Uint8Array.from(bytes.subarray(start, end + 1));
      headers.set('content-length', String(slice.length));
      headers.set('content-range', `bytes ${start}-${end}/${bytes.length}`);
      return new Response(slice, { status: 206, headers });
    }
    return new Response(bytes, { status: 200, headers });
  };
}
