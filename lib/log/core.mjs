/**
 * The one logger's construction, in plain JavaScript so that scripts/next-server.mjs (run by Node
 * without a TypeScript loader) builds it the same way lib/log/index.ts and the worker do.
 *
 * - JSON lines on stdout (pino), one object per event, with `requestId` / `jobId` bound by the
 *   caller (lib/log/index.ts reads them from the request's AsyncLocalStorage);
 * - secrets are removed by pino's own redaction paths: any key named below, at the top level or up
 *   to four levels down (`password`, `user.password`, `req.headers.authorization`, …);
 * - card numbers in free text (a message, an error's message or stack) are masked to their first six
 *   and last four digits when the digits pass the Luhn check, as everywhere else in Dargah; sheba
 *   numbers (IR + 24 digits) and mobiles are left as they are;
 * - human-readable lines in development (a small formatter in this process: no pino transport, so
 *   no worker thread and nothing for the bundler to trace).
 */
import pino from 'pino';

/** Keys whose values never reach a log line, whatever object they sit in. */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'secret',
  'clientSecret',
  'signKey',
  'secretKey',
  'sign',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'api_key',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  'otp',
  'otpCode',
  'totp',
  'totpSecret',
  'recoveryCode',
  'pin',
  'cvv',
  'cvv2',
  'cardNumber',
  'card_number',
  'pan',
  'encryptionKey',
  'sealed',
];

const DEPTH = 4;

/** pino redaction paths for REDACTED_KEYS at depths 0 … DEPTH. */
export function redactionPaths(keys = REDACTED_KEYS, depth = DEPTH) {
  const paths = [];
  for (const k of keys) {
    const leaf = /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`;
    for (let d = 0; d <= depth; d++) {
      const prefix = '*.'.repeat(d).replace(/\.$/, '');
      paths.push(d === 0 ? leaf.replace(/^\./, '') : `${prefix}${leaf}`);
    }
  }
  return paths;
}

function luhnOk(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

// 13–19 digits, optionally in groups split by a space or a dash, not touching other digits.
const PAN = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;

/** Masks card numbers (Luhn-valid runs of 13–19 digits) in a string to 6 + ****** + 4. */
export function maskCardNumbers(text) {
  if (typeof text !== 'string' || text.length < 13) return text;
  return text.replace(PAN, (m) => {
    const digits = m.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnOk(digits)) return m;
    return `${digits.slice(0, 6)}******${digits.slice(-4)}`;
  });
}

/**
 * Fields of an error that never reach a line: a database client's or connection's whole object, a
 * query's parameters (personal data, hashes) and their types. postgres.js and drizzle attach them to
 * their errors; printed whole they made 5 kB lines with the connection's settings.
 */
export const DROPPED_ERROR_KEYS = new Set(['client', 'connection', 'socket', 'pool', 'options', 'parameters', 'params', 'args', 'types']);
/** Any other field larger than this as JSON is dropped too (named in `omitted`), a string cut to it. */
const ERROR_FIELD_MAX = 2000;

function slim(out, raw) {
  const omitted = [];
  for (const key of Object.keys(out)) {
    const v = out[key];
    if (DROPPED_ERROR_KEYS.has(key)) {
      delete out[key];
      omitted.push(key);
    } else if (typeof v === 'string' && v.length > ERROR_FIELD_MAX && key !== 'stack' && key !== 'message') {
      out[key] = `${v.slice(0, ERROR_FIELD_MAX)}…`;
    } else if (v && typeof v === 'object' && key !== 'aggregateErrors') {
      let size = Infinity;
      try {
        size = JSON.stringify(v).length;
      } catch {
        // a cycle: a live object, not data
      }
      if (size > ERROR_FIELD_MAX) {
        delete out[key];
        omitted.push(key);
      }
    }
  }
  if (omitted.length) out.omitted = omitted;
  // drizzle puts the parameters in its message too ("Failed query: …\nparams: …").
  const params = raw && 'params' in raw ? `\nparams: ${String(raw.params)}` : null;
  for (const key of ['message', 'stack']) {
    if (typeof out[key] !== 'string') continue;
    out[key] = maskCardNumbers(params ? out[key].replace(params, '') : out[key]);
  }
  return out;
}

/**
 * pino's error serializer (type, message and stack with their causes, the error's own fields:
 * code, detail, hint, table_name, constraint_name, …) without the heavy or personal fields above.
 * A cause's own fields (the database's code and constraint under drizzle's wrapper) are kept as
 * `cause`, which pino folds into the message and stack only.
 */
export function errSerializer(err) {
  const out = pino.stdSerializers.err(err);
  if (!out || typeof out !== 'object' || out === err) return out;
  slim(out, err);
  const cause = err.cause;
  if (cause && typeof cause === 'object' && cause instanceof Error) {
    const fields = {};
    for (const key of Object.keys(cause)) if (key !== 'cause') fields[key] = cause[key];
    const c = slim({ type: cause.name, ...fields }, cause);
    if (Object.keys(c).length > 1) out.cause = c;
  }
  if (Array.isArray(out.aggregateErrors)) out.aggregateErrors = out.aggregateErrors.map((e, i) => slim(e, err.errors?.[i]));
  return out;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** LOG_LEVEL if it names a level; else `info` (`warn` under tests, where the suite's output is read by people). */
export function levelFrom(env = process.env) {
  const v = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (LEVELS.has(v)) return v;
  return env.APP_ENV === 'test' ? 'warn' : 'info';
}

const LEVEL_NAMES = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS = { 10: 90, 20: 90, 30: 32, 40: 33, 50: 31, 60: 35 };

/** One JSON log line as a person reads it: `12:03:04 INFO [req 3f2a…] message {rest}`. */
export function prettyLine(line, colour = false) {
  let o;
  try {
    o = JSON.parse(line);
  } catch {
    return line;
  }
  const { level, time, msg, requestId, jobId, pid: _pid, hostname: _hostname, err, ...rest } = o;
  void _pid;
  void _hostname;
  const t = new Date(time ?? Date.now()).toISOString().slice(11, 23);
  let name = LEVEL_NAMES[level] ?? String(level);
  if (colour) name = `\u001b[${LEVEL_COLOURS[level] ?? 0}m${name}\u001b[0m`;
  const ctx = [requestId ? `req ${requestId}` : '', jobId ? `job ${jobId}` : ''].filter(Boolean).join(' ');
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  const stack = err?.stack ? `\n${err.stack}` : err ? ` ${JSON.stringify(err)}` : '';
  return `${t} ${name.padEnd(colour ? 14 : 5)}${ctx ? ` [${ctx}]` : ''} ${msg ?? ''}${extra}${stack}\n`;
}

/**
 * The logger. `pretty` (default: APP_ENV=development) prints prettyLine()s; `destination` (tests)
 * receives every line instead of stdout.
 */
export function createLogger({ env = process.env, pretty, destination, base } = {}) {
  const human = pretty ?? env.APP_ENV === 'development';
  const out = destination ?? process.stdout;
  const stream = human ? { write: (line) => out.write(prettyLine(line, !destination && Boolean(process.stdout.isTTY))) } : destination;
  const options = {
    level: levelFrom(env),
    base: base ?? { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    redact: { paths: redactionPaths(), censor: '[redacted]' },
    serializers: { err: errSerializer, error: errSerializer },
    hooks: {
      // Free text may carry a card number (a bank's answer quoted in an error): mask it.
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = maskCardNumbers(args[i]);
        return method.apply(this, args);
      },
    },
  };
  return stream ? pino(options, stream) : pino(options);
}
