/**
 * The isomorphic email backends (django.core.mail.backends): locmem keeps
 * messages in `mail.outbox` (tests), console writes them to a stream
 * (console.log by default), dummy drops them. The file and SMTP backends
 * need Node (a filesystem, sockets): importing `manouche/node` registers
 * them (src/node/mail.ts); until then the SMTP name says so.
 */
import { settings } from '../../conf/settings';
import { ImproperlyConfigured } from '../exceptions';
import type { EmailBackend, EmailMessage } from './message';

/** The messages the locmem backend sent (Django's mail.outbox). The test runner empties it. */
export const outbox: EmailMessage[] = [];

export class LocmemEmailBackend implements EmailBackend {
  failSilently: boolean;
  constructor(options: { failSilently?: boolean } = {}) {
    this.failSilently = options.failSilently ?? false;
  }
  async sendMessages(messages: EmailMessage[]): Promise<number> {
    let n = 0;
    for (const m of messages) {
      m.message(); // as Django: a message that cannot be serialized fails here too
      outbox.push(m);
      n++;
    }
    return n;
  }
}

export class ConsoleEmailBackend implements EmailBackend {
  failSilently: boolean;
  readonly write: (text: string) => void;
  constructor(options: { failSilently?: boolean; stream?: { write(text: string): unknown } } = {}) {
    this.failSilently = options.failSilently ?? false;
    const stream = options.stream;
    this.write = stream ? (t) => void stream.write(t) : (t) => console.log(t.replace(/\n$/, ''));
  }
  async sendMessages(messages: EmailMessage[]): Promise<number> {
    for (const m of messages) this.write(`${m.message()}\n${'-'.repeat(79)}\n`);
    return messages.length;
  }
}

export class DummyEmailBackend implements EmailBackend {
  failSilently: boolean;
  constructor(options: { failSilently?: boolean } = {}) {
    this.failSilently = options.failSilently ?? false;
  }
  async sendMessages(messages: EmailMessage[]): Promise<number> {
    return messages.length;
  }
}

export class SmtpEmailBackend implements EmailBackend {
  failSilently: boolean;
  constructor(options: { failSilently?: boolean } = {}) {
    this.failSilently = options.failSilently ?? false;
  }
  async sendMessages(): Promise<number> {
    if (this.failSilently) return 0;
    throw new ImproperlyConfigured(
      `EMAIL_BACKEND '${String(settings.EMAIL_BACKEND)}': the SMTP backend runs on Node and is registered by importing 'manouche/node'. In a browser, use the console or locmem backend, or register your own with registerEmailBackend().`,
    );
  }
}
