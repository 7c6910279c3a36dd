/**
 * EmailMessage (django.core.mail.message): subject, body, sender,
 * recipients, cc, bcc, reply-to, headers and HTML alternatives, and its
 * RFC 5322 text (`message()`), which the console and file backends write.
 */
import { settings } from '../../conf/settings';

export interface EmailMessageInit {
  subject?: string;
  body?: string;
  fromEmail?: string | null;
  to?: string[];
  bcc?: string[];
  cc?: string[];
  replyTo?: string[];
  headers?: Record<string, string>;
}

export class EmailMessage {
  subject: string;
  body: string;
  fromEmail: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  extraHeaders: Record<string, string>;
  /** [content, mimetype] pairs (EmailMultiAlternatives). */
  alternatives: Array<[string, string]> = [];
  contentSubtype = 'plain';

  constructor(init: EmailMessageInit = {}) {
    this.subject = init.subject ?? '';
    this.body = init.body ?? '';
    this.fromEmail = init.fromEmail || settings.DEFAULT_FROM_EMAIL;
    this.to = [...(init.to ?? [])];
    this.cc = [...(init.cc ?? [])];
    this.bcc = [...(init.bcc ?? [])];
    this.replyTo = [...(init.replyTo ?? [])];
    this.extraHeaders = { ...(init.headers ?? {}) };
    // A newline in a header would let input add headers (Django's BadHeaderError).
    for (const v of [this.subject, this.fromEmail, ...this.to, ...this.cc, ...this.replyTo]) {
      if (/[\r\n]/.test(v)) throw new BadHeaderError(`Header values can't contain newlines (got ${JSON.stringify(v)})`);
    }
  }

  /** Every recipient: to, cc and bcc. */
  recipients(): string[] {
    return [...this.to, ...this.cc, ...this.bcc].filter(Boolean);
  }

  /** Adds an alternative body (EmailMultiAlternatives.attach_alternative). */
  attachAlternative(content: string, mimetype: string): void {
    this.alternatives.push([content, mimetype]);
  }

  /** The message as RFC 5322 text (bcc not shown). */
  message(): string {
    const headers: Array<[string, string]> = [
      ['Subject', this.subject],
      ['From', this.extraHeaders.From ?? this.fromEmail],
      ['To', this.extraHeaders.To ?? this.to.join(', ')],
    ];
    if (this.cc.length) headers.push(['Cc', this.cc.join(', ')]);
    if (this.replyTo.length) headers.push(['Reply-To', this.replyTo.join(', ')]);
    headers.push(['Date', new Date().toUTCString()], ['MIME-Version', '1.0']);
    for (const [k, v] of Object.entries(this.extraHeaders)) if (k !== 'From' && k !== 'To') headers.push([k, v]);
    if (!this.alternatives.length) {
      headers.push(['Content-Type', `text/${this.contentSubtype}; charset="utf-8"`], ['Content-Transfer-Encoding', '8bit']);
      return headers.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n\n' + this.body;
    }
    const boundary = '===============' + Math.random().toString().slice(2, 18) + '==';
    headers.push(['Content-Type', `multipart/alternative; boundary="${boundary}"`]);
    const parts = [[this.body, `text/${this.contentSubtype}`], ...this.alternatives].map(
      ([content, type]) => `--${boundary}\nContent-Type: ${type}; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n${content}`,
    );
    return headers.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n\n' + parts.join('\n') + `\n--${boundary}--`;
  }

  /** Sends with `connection` or the EMAIL_BACKEND; the number sent (0 or 1). */
  async send(options: { failSilently?: boolean; connection?: EmailBackend } = {}): Promise<number> {
    if (!this.recipients().length) return 0;
    const { getConnection } = await import('./index');
    const connection = options.connection ?? getConnection({ failSilently: options.failSilently });
    return connection.sendMessages([this]);
  }
}

/** EmailMessage with HTML (or other) alternatives. */
export class EmailMultiAlternatives extends EmailMessage {}

export class BadHeaderError extends Error {
  override name = 'BadHeaderError';
}

/** Django's BaseEmailBackend: sendMessages(messages) → the number sent. */
export interface EmailBackend {
  failSilently: boolean;
  sendMessages(messages: EmailMessage[]): Promise<number>;
}
