/**
 * The Node email backends (django.core.mail.backends.filebased and .smtp).
 * Importing manouche/node registers them under Django's names, so the
 * default EMAIL_BACKEND (SMTP) sends mail on Node.
 *
 * - FileEmailBackend writes every message of one connection into one file
 *   in EMAIL_FILE_PATH ('<YYYYMMDD-HHMMSS>-<id>.log'), each followed by a
 *   line of 79 dashes, as Django's console/file backends do.
 * - SmtpEmailBackend speaks SMTP through nodemailer on one connection per
 *   sendMessages() call (or per open()/close() pair), with EMAIL_HOST,
 *   EMAIL_PORT, EMAIL_HOST_USER/PASSWORD, EMAIL_USE_TLS (STARTTLS, required),
 *   EMAIL_USE_SSL (TLS from the start) and EMAIL_TIMEOUT (seconds). The
 *   message goes out as EmailMessage.message() wrote it; the envelope holds
 *   every recipient (bcc included).
 */
import { appendFileSync, existsSync, mkdirSync, statSync, accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/exceptions';
import { registerEmailBackend } from '../core/mail/index';
import type { EmailBackend, EmailMessage } from '../core/mail/message';

/** A backend option, else its setting (Django's `x if x is None else settings.X`). */
function option<T>(given: T | undefined | null, setting: string): T {
  return (given ?? settings[setting]) as T;
}

const pad = (n: number) => String(n).padStart(2, '0');
let connectionSeq = 0;

export class FileEmailBackend implements EmailBackend {
  failSilently: boolean;
  readonly filePath: string;
  private fileName: string | null = null;
  private readonly id = `${process.pid}${++connectionSeq}`;

  constructor(options: { failSilently?: boolean; filePath?: string } = {}) {
    this.failSilently = options.failSilently ?? false;
    const path = option<string | null>(options.filePath, 'EMAIL_FILE_PATH');
    if (!path) throw new ImproperlyConfigured('The file email backend needs EMAIL_FILE_PATH (or the filePath option): the directory to save messages in.');
    this.filePath = resolve(String(path));
    // Django's three checks, in its words: not a directory, cannot create, cannot write
    if (existsSync(this.filePath) && !statSync(this.filePath).isDirectory()) {
      throw new ImproperlyConfigured(`Path for saving email messages exists, but is not a directory: ${this.filePath}`);
    }
    try {
      mkdirSync(this.filePath, { recursive: true });
    } catch (e) {
      throw new ImproperlyConfigured(`Could not create directory for saving email messages: ${this.filePath} (${(e as Error).message})`);
    }
    try {
      accessSync(this.filePath, constants.W_OK);
    } catch {
      throw new ImproperlyConfigured(`Could not write to directory: ${this.filePath}`);
    }
  }

  /** The connection's one file, named when first written (Django's _get_filename). */
  get file(): string {
    if (this.fileName === null) {
      const d = new Date();
      const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
      this.fileName = join(this.filePath, `${stamp}-${this.id}.log`);
    }
    return this.fileName;
  }

  async sendMessages(messages: EmailMessage[]): Promise<number> {
    let sent = 0;
    for (const m of messages) {
      try {
        appendFileSync(this.file, `${m.message()}\n${'-'.repeat(79)}\n`);
        sent++;
      } catch (e) {
        if (!this.failSilently) throw e;
      }
    }
    return sent;
  }
}

type Transport = { sendMail(mail: object): Promise<unknown>; close(): void };

export class SmtpEmailBackend implements EmailBackend {
  failSilently: boolean;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly useTls: boolean;
  readonly useSsl: boolean;
  readonly timeout: number | null;
  private transport: Transport | null = null;

  constructor(
    options: { failSilently?: boolean; host?: string; port?: number; username?: string; password?: string; useTls?: boolean; useSsl?: boolean; timeout?: number | null } = {},
  ) {
    this.failSilently = options.failSilently ?? false;
    this.host = option(options.host, 'EMAIL_HOST');
    this.port = Number(option(options.port, 'EMAIL_PORT'));
    this.username = option(options.username, 'EMAIL_HOST_USER') ?? '';
    this.password = option(options.password, 'EMAIL_HOST_PASSWORD') ?? '';
    this.useTls = Boolean(option(options.useTls, 'EMAIL_USE_TLS'));
    this.useSsl = Boolean(option(options.useSsl, 'EMAIL_USE_SSL'));
    this.timeout = option<number | null>(options.timeout, 'EMAIL_TIMEOUT') ?? null;
    if (this.useTls && this.useSsl) {
      throw new ImproperlyConfigured('EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True.');
    }
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) throw new ImproperlyConfigured(`EMAIL_PORT must be a port number (1-65535), not ${JSON.stringify(option(options.port, 'EMAIL_PORT'))}.`);
  }

  /**
   * Prepares the connection; true when this call made it (Django's open()).
   * nodemailer connects and logs in at the first message, so a refused
   * connection or login surfaces from sendMessages() (or counts as unsent
   * with failSilently).
   */
  async open(): Promise<boolean> {
    if (this.transport) return false;
    const { createTransport } = await import('nodemailer');
    const ms = this.timeout === null ? undefined : this.timeout * 1000;
    this.transport = createTransport({
      host: this.host,
      port: this.port,
      secure: this.useSsl,
      requireTLS: this.useTls,
      ignoreTLS: !this.useTls, // Django never upgrades a plain connection on its own
      auth: this.username ? { user: this.username, pass: this.password } : undefined,
      pool: true, // one connection carries every message of a sendMessages() call
      maxConnections: 1,
      ...(ms === undefined ? {} : { connectionTimeout: ms, greetingTimeout: ms, socketTimeout: ms }),
    } as never) as unknown as Transport;
    return true;
  }

  /** Closes the connection (Django's close()). */
  async close(): Promise<void> {
    this.transport?.close();
    this.transport = null;
  }

  /** Sends each message with recipients; the number sent. */
  async sendMessages(messages: EmailMessage[]): Promise<number> {
    if (!messages.length) return 0;
    const created = await this.open();
    let sent = 0;
    try {
      for (const m of messages) {
        const recipients = m.recipients();
        if (!recipients.length) continue;
        try {
          await this.transport!.sendMail({ envelope: { from: m.fromEmail, to: recipients }, raw: m.message().replace(/\r?\n/g, '\r\n') });
          sent++;
        } catch (e) {
          if (!this.failSilently) throw e;
        }
      }
    } finally {
      if (created) await this.close();
    }
    return sent;
  }
}

registerEmailBackend('manouche.core.mail.backends.smtp.EmailBackend', SmtpEmailBackend);
registerEmailBackend('manouche.core.mail.backends.filebased.EmailBackend', FileEmailBackend);
