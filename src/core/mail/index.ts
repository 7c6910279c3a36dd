/**
 * Sending email (django.core.mail): sendMail, sendMassMail, EmailMessage,
 * EMAIL_BACKEND by name ('django.core.mail.backends.locmem.EmailBackend'
 * works too), and `outbox` for tests.
 *
 * @example
 * configure({ EMAIL_BACKEND: 'manouche.core.mail.backends.locmem.EmailBackend' });
 * await sendMail('Subject', 'Body', 'from@example.com', ['to@example.com']);
 * outbox.length; // 1
 */
import { settings } from '../../conf/settings';
import { ImproperlyConfigured, ValueError } from '../exceptions';
import { ConsoleEmailBackend, DummyEmailBackend, LocmemEmailBackend, SmtpEmailBackend } from './backends';
import { EmailMessage, EmailMultiAlternatives, type EmailBackend } from './message';

export { EmailMessage, EmailMultiAlternatives, BadHeaderError, type EmailBackend, type EmailMessageInit } from './message';
export { outbox, LocmemEmailBackend, ConsoleEmailBackend, DummyEmailBackend, SmtpEmailBackend } from './backends';

type BackendClass = new (options: { failSilently?: boolean } & Record<string, unknown>) => EmailBackend;
const backends = new Map<string, BackendClass>();

/** Makes an email backend nameable in EMAIL_BACKEND. */
export function registerEmailBackend(name: string, cls: BackendClass): void {
  backends.set(name, cls);
  if (name.startsWith('manouche.')) backends.set('django.' + name.slice('manouche.'.length), cls);
}

registerEmailBackend('manouche.core.mail.backends.locmem.EmailBackend', LocmemEmailBackend);
registerEmailBackend('manouche.core.mail.backends.console.EmailBackend', ConsoleEmailBackend);
registerEmailBackend('manouche.core.mail.backends.dummy.EmailBackend', DummyEmailBackend);
registerEmailBackend('manouche.core.mail.backends.smtp.EmailBackend', SmtpEmailBackend);

/** A backend instance (Django's get_connection). */
export function getConnection(options: { backend?: string | BackendClass; failSilently?: boolean } & Record<string, unknown> = {}): EmailBackend {
  const { backend = settings.EMAIL_BACKEND as string | BackendClass, ...rest } = options;
  const cls = typeof backend === 'function' ? backend : backends.get(backend);
  if (!cls) throw new ImproperlyConfigured(`EMAIL_BACKEND names '${String(backend)}', which is not a registered email backend.`);
  return new cls(rest);
}

/** Django's send_mail; the number of messages sent. */
export async function sendMail(
  subject: string,
  message: string,
  fromEmail: string | null,
  recipientList: string[],
  options: { failSilently?: boolean; connection?: EmailBackend; htmlMessage?: string | null } = {},
): Promise<number> {
  const connection = options.connection ?? getConnection({ failSilently: options.failSilently });
  const mail = new EmailMultiAlternatives({ subject, body: message, fromEmail, to: recipientList });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  return connection.sendMessages([mail]);
}

/** Django's send_mass_mail: [subject, message, from, recipients] tuples over one connection. */
export async function sendMassMail(datatuple: Array<[string, string, string | null, string[]]>, options: { failSilently?: boolean; connection?: EmailBackend } = {}): Promise<number> {
  const connection = options.connection ?? getConnection({ failSilently: options.failSilently });
  return connection.sendMessages(datatuple.map(([subject, body, fromEmail, to]) => new EmailMessage({ subject, body, fromEmail, to })));
}

/** The addresses of ADMINS or MANAGERS: strings, or the email of Django's [name, email] pairs. */
function recipients(name: 'ADMINS' | 'MANAGERS'): string[] {
  const list = settings[name] as unknown;
  const bad = () => new ValueError(`The ${name} setting must be a list of email address strings (or [name, email] pairs), got ${JSON.stringify(list)}.`);
  if (!Array.isArray(list)) throw bad();
  return list.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    if (Array.isArray(entry) && entry.length === 2 && typeof entry[1] === 'string') return entry[1];
    throw bad();
  });
}

type StaffMailOptions = { failSilently?: boolean; connection?: EmailBackend; htmlMessage?: string | null };

async function mailStaff(name: 'ADMINS' | 'MANAGERS', subject: string, message: string, options: StaffMailOptions): Promise<number> {
  const to = recipients(name);
  if (!to.length) return 0;
  const mail = new EmailMultiAlternatives({ subject: `${settings.EMAIL_SUBJECT_PREFIX}${subject}`, body: message, fromEmail: settings.SERVER_EMAIL, to });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  return (options.connection ?? getConnection({ failSilently: options.failSilently })).sendMessages([mail]);
}

/** Emails ADMINS from SERVER_EMAIL, the subject after EMAIL_SUBJECT_PREFIX (Django's mail_admins); nothing without ADMINS. */
export function mailAdmins(subject: string, message: string, options: StaffMailOptions = {}): Promise<number> {
  return mailStaff('ADMINS', subject, message, options);
}

/** The same to MANAGERS (Django's mail_managers). */
export function mailManagers(subject: string, message: string, options: StaffMailOptions = {}): Promise<number> {
  return mailStaff('MANAGERS', subject, message, options);
}
