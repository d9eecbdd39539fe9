import { OmoError } from '../domain/errors.ts';

// A database that is stopped, restarting, dropped or out of reach makes the driver throw its own errors (a socket's
// ECONNREFUSED, PostgreSQL's SQLSTATE 57P01 when the server ends the session…). They are not bugs of ours: the API
// answers them 503 store_unavailable and the CLI exits 1 with a sentence, both through this one classifier.

/** Socket errors of a connection that cannot be opened or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that will not serve: admin_shutdown, crash_shutdown, cannot_connect_now,
 * database_dropped, invalid_catalog_name (the database does not exist), too_many_connections; class 08 is
 * connection_exception as a whole.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P04', '3D000', '53300']);

/** The pg driver's own messages for a connection it lost or could not open in time. */
const DRIVER_MESSAGES =
  /^(Connection terminated|Connection terminated unexpectedly|timeout expired|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end)/i;

function isConnectionFailure(e: unknown, depth = 0): boolean {
  if (!(e instanceof Error) || depth > 3) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08/.test(code)))
    return true;
  if (DRIVER_MESSAGES.test(e.message)) return true;
  // Node's connect to `localhost` tries ::1 and 127.0.0.1 and reports both in an AggregateError.
  // (Not `cause`: fetch's own "fetch failed" carries a socket error there, and a Hub out of reach is not the
  // database.)
  return e instanceof AggregateError && e.errors.some((inner) => isConnectionFailure(inner, depth + 1));
}

/**
 * `e` as a `store_unavailable` OmoError when it says the database cannot be reached (naming `location`, the store's
 * URL without its password, when known); otherwise undefined.
 */
export function storeUnavailable(e: unknown, location?: string): OmoError | undefined {
  if (e instanceof OmoError || !isConnectionFailure(e)) return undefined;
  const reason = (e as Error).message || (e as { code?: string }).code || 'connection failed';
  return new OmoError(
    'store_unavailable',
    `the database ${location ? `at ${location} ` : ''}is unavailable (${reason}); is the server running, and does the database exist?`,
  );
}
