import nodemailer, { type Transporter } from 'nodemailer';
import { env, isSmtpConfigured } from '@/lib/env';

export type OutgoingEmail = { to: string; subject: string; body: string };
export type SendResult = { messageId: string | null };

export interface MailTransport {
  /** `outbox`: development and tests, the message stays in the outbox table only. */
  readonly name: 'outbox' | 'smtp' | 'unconfigured';
  send(mail: OutgoingEmail): Promise<SendResult>;
}

export class EmailSendError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (the server refused the address or the message for good). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Development and tests without an SMTP server: the outbox row is the message (read on /dev/email). */
export const outboxTransport: MailTransport = {
  name: 'outbox',
  async send(mail) {
    console.log(`[email] to ${mail.to}: ${mail.subject}`);
    return { messageId: null };
  },
};

/** Production with no SMTP server configured: every message fails visibly instead of waiting forever. */
const unconfiguredTransport: MailTransport = {
  name: 'unconfigured',
  async send() {
    throw new EmailSendError('no SMTP server is configured (SMTP_URL or SMTP_HOST)', false);
  },
};

export type SmtpOptions = { url?: string; host?: string; port?: number; secure?: boolean; user?: string; pass?: string; from: string; timeoutMs?: number };

/**
 * An SMTP server through nodemailer. The server's address comes from the environment only; a
 * reply in the 5xx range (unknown mailbox, refused content) is final, everything else (no
 * connection, 4xx, a timeout) is worth retrying.
 */
export function smtpTransport(opts: SmtpOptions): MailTransport & { close(): void } {
  const timeout = opts.timeoutMs ?? 15_000;
  const common = { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2 };
  const transporter: Transporter = opts.url
    ? nodemailer.createTransport(opts.url, common)
    : nodemailer.createTransport({
        host: opts.host,
        port: opts.port ?? 587,
        secure: opts.secure ?? false,
        auth: opts.user ? { user: opts.user, pass: opts.pass ?? '' } : undefined,
        ...common,
      });
  return {
    name: 'smtp',
    async send(mail) {
      try {
        const info = await transporter.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.body });
        if (info.rejected.length > 0) throw new EmailSendError(`rejected: ${info.response}`, false);
        return { messageId: info.messageId ?? null };
      } catch (err) {
        if (err instanceof EmailSendError) throw err;
        const e = err as Error & { responseCode?: number; code?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new EmailSendError(`smtp ${e.responseCode ?? e.code ?? ''}: ${e.message}`.slice(0, 500), !permanent);
      }
    },
    close: () => transporter.close(),
  };
}

let cached: MailTransport | undefined;

/** The transport the environment configures (one nodemailer transport per process). */
export function currentTransport(): MailTransport {
  if (cached) return cached;
  const e = env();
  if (isSmtpConfigured()) {
    cached = smtpTransport({
      url: e.SMTP_URL,
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      user: e.SMTP_USER,
      pass: e.SMTP_PASS,
      from: e.MAIL_FROM,
    });
  } else {
    cached = e.APP_ENV === 'production' ? unconfiguredTransport : outboxTransport;
  }
  return cached;
}
