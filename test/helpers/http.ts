export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  json: any;
}

/** Calls a Hono app (or anything with `request`) and reads the body once. */
export async function call(
  app: { request(url: string): Response | Promise<Response> },
  url: string,
): Promise<Fetched> {
  const res = await app.request(url);
  const text = await res.text();
  let json: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}
