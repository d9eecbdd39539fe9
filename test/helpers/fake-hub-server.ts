import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { listenLocally } from './http.ts';

// A local HTTP server that answers as the Hub's API does, from the recorded answers in test/fixtures/hub/api:
// model listings by author, one model's info, and a repo's config.json. Every request is recorded with its
// Authorization header, so tests see that HF_ENDPOINT and HF_TOKEN were honoured.

const RECORDED = fileURLToPath(new URL('../fixtures/hub/api/', import.meta.url));

export interface FakeHubServer {
  url: string;
  requests: { path: string; auth: string | undefined }[];
  close(): Promise<void>;
}

/** The recorded answer for a request path, or null (the Hub's 404). */
function recorded(url: URL): string | null {
  const file = (name: string) => {
    const p = `${RECORDED}${name}`;
    return /^[\w.-]+$/.test(name) && existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
  if (url.pathname === '/api/models') {
    // An account with nothing recorded has no models: the Hub answers an empty list.
    return file(`models-${url.searchParams.get('author')}.json`) ?? '[]';
  }
  const info = /^\/api\/models\/([\w.-]+)\/([\w.-]+)\/revision\/[\w.-]+$/.exec(url.pathname);
  if (info) return file(`model-${info[1]}--${info[2]}.json`);
  const config = /^\/([\w.-]+)\/([\w.-]+)\/resolve\/[\w.-]+\/config\.json$/.exec(url.pathname);
  if (config) return file(`config-${config[1]}--${config[2]}.json`);
  return null;
}

export async function startFakeHubServer(): Promise<FakeHubServer> {
  const requests: FakeHubServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    requests.push({ path: `${url.pathname}${url.search}`, auth: req.headers.authorization });
    const body = recorded(url);
    if (body === null) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Repository not found"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  return { ...(await listenLocally(server)), requests };
}
