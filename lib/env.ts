import { z } from 'zod';
import { parseCidrList } from '@/lib/auth/request';

/** An empty variable (`METRICS_TOKEN=` in .env) means unset. */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/**
 * The environment, validated once. Launch scripts (`npm run dev`, `npm test`) fill in
 * DATABASE_URL and AUTH_SECRET for the embedded database; production must set them.
 */
const envSchema = z
  .object({
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.string().url(),
    DATABASE_REPLICA_URL: z.string().url().optional(),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
    /** Key for secrets kept encrypted at rest (webhook signing secrets); defaults to one derived from AUTH_SECRET. */
    ENCRYPTION_KEY: z.string().min(32, 'ENCRYPTION_KEY must be at least 32 characters').optional(),
    /** Key for hashing one-time codes; defaults to one derived from AUTH_SECRET. */
    OTP_PEPPER: z.string().min(32).optional(),
    OTP_LENGTH: z.coerce.number().int().min(5).max(6).default(5),
    SMS_PROVIDER: z.enum(['console', 'kavenegar']).default('console'),
    KAVENEGAR_API_KEY: z.string().optional(),
    KAVENEGAR_BASE_URL: z.string().url().default('https://api.kavenegar.com'),
    KAVENEGAR_SENDER: z.string().optional(),
    /**
     * Outgoing e-mail (codes, decisions and notices for people with an address, Turkish companies
     * above all). Either SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`) or SMTP_HOST with
     * SMTP_PORT, SMTP_USER, SMTP_PASS and SMTP_SECURE (1 = TLS from the first byte, as on 465;
     * otherwise STARTTLS when the server offers it). The host comes from here only, never from
     * user input. Unset outside production: e-mails stay in the outbox, read on /dev/email.
     */
    SMTP_URL: z
      .string()
      .url()
      .refine((v) => /^smtps?:\/\//.test(v), 'an smtp:// or smtps:// address')
      .optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    SMTP_USER: z.string().optional(),
    SMTP_PASS: z.string().optional(),
    SMTP_SECURE: z
      .enum(['', '0', '1', 'false', 'true'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
    /** The From of every e-mail, e.g. `Dargah <no-reply@dargah.example>`. */
    MAIL_FROM: z.string().min(3).default('Dargah <no-reply@localhost>'),
    /** Gateways offered for live payments, in order; `sandbox` only outside production. */
    PAYMENT_GATEWAYS: z
      .string()
      .default('sandbox,paystar')
      .transform((s) =>
        s
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(['sandbox', 'paystar']))),
    PAYSTAR_BASE_URL: z.string().url().default('https://core.paystar.ir'),
    PAYSTAR_GATEWAY_ID: z.string().optional(),
    PAYSTAR_SIGN_KEY: z.string().optional(),
    /** PayStar's phone (IVR) gateway; its base URL is PAYSTAR_BASE_URL. Staff may override both on /admin/connectors. */
    PAYSTAR_IVR_GATEWAY_ID: z.string().optional(),
    /** The top-up aggregator (Esaj's REST API) for live top-ups: its address and bearer API key. Staff may override both on /admin/connectors. */
    TOPUP_ESAJ_BASE_URL: z.string().url().optional(),
    TOPUP_ESAJ_API_KEY: z.string().optional(),
    /**
     * POD's business platform (split invoices on POD): the platform API (https://api.pod.ir/srv/sc),
     * the payment pages' host (https://pay.pod.ir), the business API token, the service key, and
     * whether to use POD's sandbox service ids. Unset: POD is not configured. Staff may override all
     * of them on /admin/connectors.
     */
    POD_BASE_URL: z.string().url().optional(),
    POD_PAY_BASE_URL: z.string().url().optional(),
    POD_TOKEN: z.string().optional(),
    POD_API_KEY: z.string().optional(),
    POD_SANDBOX: z
      .enum(['', '0', '1', 'false', 'true'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
    /**
     * Where virtual POS definitions of the *test* environment call N Kolay. Unset: N Kolay's own test
     * host. `npm run dev` sets it to its local fake N Kolay; refused in production.
     */
    NKOLAY_TEST_BASE_URL: z.string().url().optional(),
    /** Below this many Rials in the top-up provider's wallet, /admin/topup raises a low-balance alert. */
    TOPUP_WALLET_ALERT: z
      .string()
      .regex(/^\d{1,19}$/)
      .default('50000000')
      .transform((v) => BigInt(v)),
    /**
     * Four eyes on payout batches: a batch whose total (Rials) is above this needs a second finance
     * approver, other than its builder, before it is sent.
     */
    PAYOUT_BATCH_FOUR_EYES_MINOR: z
      .string()
      .regex(/^\d{1,19}$/)
      .default('5000000000')
      .transform((v) => BigInt(v)),
    /** The facilitator's account that deposit slips are paid into (shown to payers). */
    DEPOSIT_ACCOUNT_IBAN: z.string().optional(),
    DEPOSIT_ACCOUNT_HOLDER: z.string().optional(),
    /**
     * The public address of the portal (callback, bank-page and link URLs are built from it, never
     * from request headers). Required in production; `npm run dev`/`npm start` fill it in elsewhere.
     */
    PUBLIC_BASE_URL: z.string().url().optional(),
    /** Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDRs. None by default. */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .refine((v) => parseCidrList(v) !== null, 'a comma-separated list of IP addresses or CIDRs'),
    /** Requests a minute per sales platform on /api/v1 (read per request, so tests may change it). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().optional(),
    /** Report exports above this many rows are built by the worker instead of streamed. */
    EXPORT_BACKGROUND_ABOVE: z.coerce.number().int().nonnegative().optional(),
    /** Launch scripts: port and host of npm run dev / npm start, demo data with npm start, the admin CLI's password. */
    PORT: z.coerce.number().int().min(1).max(65535).optional(),
    HOST: z.string().optional(),
    SEED_DEMO: z.enum(['', '0', '1']).optional(),
    ADMIN_PASSWORD: z.string().optional(),
    /** Log lines at or above this level (JSON on stdout; human-readable when APP_ENV=development). Default: info (warn under tests). */
    LOG_LEVEL: z.preprocess(unsetIfEmpty, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
    /** Bearer token of /metrics (and of the worker's metrics port). Unset: /metrics answers 404. */
    METRICS_TOKEN: z.preprocess(unsetIfEmpty, z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional()),
    /** The worker's own /metrics on this port (same token). Unset: the worker serves no metrics. */
    WORKER_METRICS_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(65535).optional()),
    /** On SIGTERM, seconds to keep serving with readiness false before closing (let the load balancer notice). */
    SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
    /** Tests and local development only: webhooks may reach private/loopback addresses (lib/net ignores it in production). */
    UNSAFE_ALLOW_PRIVATE_TARGETS: z.enum(['', '0', '1']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.SMS_PROVIDER === 'kavenegar' && !env.KAVENEGAR_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['KAVENEGAR_API_KEY'], message: 'required when SMS_PROVIDER=kavenegar' });
    }
    if (env.APP_ENV === 'production' && !env.PUBLIC_BASE_URL?.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'required in production, as an https:// address' });
    }
    if (env.APP_ENV === 'production' && env.NKOLAY_TEST_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['NKOLAY_TEST_BASE_URL'], message: 'a local fake N Kolay is for development and tests only' });
    }
    if (env.SMTP_URL && env.SMTP_HOST) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_HOST'], message: 'set SMTP_URL or SMTP_HOST, not both' });
    }
    if (env.APP_ENV === 'production' && env.SMS_PROVIDER === 'console') {
      ctx.addIssue({ code: 'custom', path: ['SMS_PROVIDER'], message: 'the console SMS provider is for development only' });
    }
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The dev SMS inbox (`/api/dev/sms`, `/dev/sms`) exists only with the console provider outside production. */
export function isDevInboxEnabled(): boolean {
  const e = env();
  return e.SMS_PROVIDER === 'console' && e.APP_ENV !== 'production';
}

/** Whether e-mail goes to an SMTP server; without one (development and tests) it stays in the outbox. */
export function isSmtpConfigured(): boolean {
  const e = env();
  return Boolean(e.SMTP_URL || e.SMTP_HOST);
}

/** The dev e-mail outbox (`/dev/email`) exists outside production only. */
export function isDevEmailOutboxEnabled(): boolean {
  return env().APP_ENV !== 'production';
}
