/**
 * The Node email backends (src/node/mail.ts): SMTP against a real SMTP
 * listener on 127.0.0.1 that this test runs (a small node:net server
 * speaking EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, QUIT), and the file
 * backend writing into a temporary EMAIL_FILE_PATH (Django's
 * tests/mail/tests.py SMTPBackendTests and FileBackendTests).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured } from '../../src/core/exceptions';
import { EmailMessage, EmailMultiAlternatives, getConnection, sendMail } from '../../src/core/mail/index';
import { FileEmailBackend, SmtpEmailBackend } from '../../src/node/index';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP server: what it received, the AUTH credentials, and whether STARTTLS is offered (never). */
class SmtpServer {
  readonly mails: Received[] = [];
  readonly logins: string[] = [];
  readonly sessions: number[] = [];
  private server: Server | null = null;
  port = 0;

  async start(options: { auth?: { user: string; pass: string } } = {}): Promise<void> {
    this.server = createServer((socket) => this.session(socket, options.auth));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private session(socket: Socket, auth?: { user: string; pass: string }) {
    let buffer = '';
    let mode: 'command' | 'data' | 'login-user' | 'login-pass' = 'command';
    let current: Received = { from: '', to: [], data: '' };
    let loginUser = '';
    let authed = !auth;
    let messages = 0;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const checkLogin = (user: string, pass: string) => {
      this.logins.push(`${user}:${pass}`);
      authed = user === auth?.user && pass === auth?.pass;
      reply(authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
    };
    reply('220 localhost ESMTP test');
    socket.on('close', () => this.sessions.push(messages));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (mode === 'data') {
          if (line === '.') {
            this.mails.push(current);
            messages++;
            current = { from: '', to: [], data: '' };
            mode = 'command';
            reply('250 2.0.0 Ok: queued');
          } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          continue;
        }
        if (mode === 'login-user') {
          loginUser = Buffer.from(line, 'base64').toString();
          mode = 'login-pass';
          reply(`334 ${Buffer.from('Password:').toString('base64')}`);
          continue;
        }
        if (mode === 'login-pass') {
          mode = 'command';
          checkLogin(loginUser, Buffer.from(line, 'base64').toString());
          continue;
        }
        const [verb = '', ...rest] = line.split(' ');
        const arg = rest.join(' ');
        switch (verb.toUpperCase()) {
          case 'EHLO':
            socket.write(`250-localhost\r\n${auth ? '250-AUTH PLAIN LOGIN\r\n' : ''}250 8BITMIME\r\n`);
            break;
          case 'HELO':
          case 'NOOP':
          case 'RSET':
            reply('250 Ok');
            break;
          case 'AUTH': {
            const [mech, initial] = arg.split(' ');
            if (mech === 'PLAIN') {
              const [, user = '', pass = ''] = Buffer.from(initial ?? '', 'base64').toString().split('\0');
              checkLogin(user, pass);
            } else if (mech === 'LOGIN') {
              mode = 'login-user';
              reply(`334 ${Buffer.from('Username:').toString('base64')}`);
            } else reply('504 Unrecognized authentication type');
            break;
          }
          case 'MAIL':
            if (!authed) reply('530 5.7.0 Authentication required');
            else {
              current.from = /<(.*)>/.exec(arg)![1]!;
              reply('250 Ok');
            }
            break;
          case 'RCPT':
            current.to.push(/<(.*)>/.exec(arg)![1]!);
            reply('250 Ok');
            break;
          case 'DATA':
            mode = 'data';
            reply('354 End data with <CR><LF>.<CR><LF>');
            break;
          case 'QUIT':
            reply('221 Bye');
            socket.end();
            break;
          default:
            reply('502 Command not implemented');
        }
      }
    });
  }
}

/** A header's value in a received message (the headers end at the first empty line). */
function header(data: string, name: string): string | undefined {
  const head = data.slice(0, data.indexOf('\r\n\r\n'));
  return head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}: `))?.slice(name.length + 2);
}
const body = (data: string) => data.slice(data.indexOf('\r\n\r\n') + 4);

/** A port nothing listens on: one the OS gave a server that is closed again. */
async function closedPort(): Promise<number> {
  const s = new SmtpServer();
  await s.start();
  await s.stop();
  return s.port;
}

let server: SmtpServer;
test.before.each(async () => {
  resetSettings();
  server = new SmtpServer();
  await server.start();
  configure({ EMAIL_HOST: '127.0.0.1', EMAIL_PORT: server.port, EMAIL_TIMEOUT: 5 });
});
test.after.each(async () => {
  await server.stop();
  resetSettings();
});

test("the default EMAIL_BACKEND sends over SMTP: Django's headers and body arrive, bcc only in the envelope", async () => {
  const msg = new EmailMessage({
    subject: 'Subject here',
    body: 'Here is the message.\n.leading dot kept',
    fromEmail: 'from@example.com',
    to: ['to@example.com'],
    cc: ['cc@example.com'],
    bcc: ['hidden@example.com'],
    headers: { 'X-Tag': 'one' },
  });
  assert.is(await msg.send(), 1);
  assert.is(server.mails.length, 1);
  const [mail] = server.mails;
  assert.is(mail!.from, 'from@example.com');
  assert.equal(mail!.to, ['to@example.com', 'cc@example.com', 'hidden@example.com']);
  assert.is(header(mail!.data, 'Subject'), 'Subject here');
  assert.is(header(mail!.data, 'From'), 'from@example.com');
  assert.is(header(mail!.data, 'To'), 'to@example.com');
  assert.is(header(mail!.data, 'Cc'), 'cc@example.com');
  assert.is(header(mail!.data, 'X-Tag'), 'one');
  assert.is(header(mail!.data, 'Content-Type'), 'text/plain; charset="utf-8"');
  assert.is(header(mail!.data, 'Bcc'), undefined, 'bcc never shows in the headers');
  assert.is(body(mail!.data), 'Here is the message.\r\n.leading dot kept\r\n');
});

test('sendMail with an HTML alternative sends one multipart message; several messages share one connection', async () => {
  assert.is(await sendMail('Hi', 'text', 'a@example.com', ['b@example.com'], { htmlMessage: '<p>html</p>' }), 1);
  assert.match(header(server.mails[0]!.data, 'Content-Type')!, /^multipart\/alternative; boundary="/);
  assert.match(body(server.mails[0]!.data), 'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>html</p>');
  const connection = getConnection();
  const messages = ['one', 'two', 'three'].map((s) => new EmailMultiAlternatives({ subject: s, body: s, to: ['x@example.com'] }));
  messages.push(new EmailMessage({ subject: 'nobody' })); // no recipients: skipped, as Django
  assert.is(await connection.sendMessages(messages), 3);
  assert.equal(server.mails.slice(1).map((m) => header(m.data, 'Subject')), ['one', 'two', 'three']);
  assert.is(header(server.mails[1]!.data, 'From'), 'webmaster@localhost', 'DEFAULT_FROM_EMAIL');
  for (let i = 0; i < 500 && server.sessions.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(server.sessions, [1, 3], 'one SMTP session per sendMessages() call');
});

test('EMAIL_HOST_USER / EMAIL_HOST_PASSWORD log in; wrong credentials are an error, or 0 sent with failSilently', async () => {
  await server.stop();
  server = new SmtpServer();
  await server.start({ auth: { user: 'mailer', pass: 's3cret' } });
  configure({ EMAIL_PORT: server.port, EMAIL_HOST_USER: 'mailer', EMAIL_HOST_PASSWORD: 's3cret' });
  assert.is(await sendMail('Auth', 'body', 'a@example.com', ['b@example.com']), 1);
  assert.equal(server.logins, ['mailer:s3cret']);
  configure({ EMAIL_HOST_PASSWORD: 'wrong' });
  try {
    await sendMail('Auth', 'body', 'a@example.com', ['b@example.com']);
    assert.unreachable('a refused login must fail');
  } catch (e) {
    assert.match(String((e as Error).message), /535|Invalid login|credentials/i);
  }
  assert.is(await sendMail('Auth', 'body', 'a@example.com', ['b@example.com'], { failSilently: true }), 0);
  assert.is(server.mails.length, 1);
});

test('a server that is not listening is an error naming the connection, or 0 with failSilently', async () => {
  const port = await closedPort();
  const backend = new SmtpEmailBackend({ host: '127.0.0.1', port });
  const msg = new EmailMessage({ subject: 's', body: 'b', to: ['x@example.com'] });
  try {
    await backend.sendMessages([msg]);
    assert.unreachable('no server: must fail');
  } catch (e) {
    assert.match(String((e as Error).message), /ECONNREFUSED/);
  }
  assert.is(await new SmtpEmailBackend({ host: '127.0.0.1', port, failSilently: true }).sendMessages([msg]), 0);
});

test('EMAIL_USE_TLS requires STARTTLS: a server without it is refused before any message is sent', async () => {
  const backend = new SmtpEmailBackend({ useTls: true });
  try {
    await backend.sendMessages([new EmailMessage({ subject: 's', body: 'b', to: ['x@example.com'] })]);
    assert.unreachable('STARTTLS is not offered: must fail');
  } catch (e) {
    assert.match(String((e as Error).message), /STARTTLS/i);
  }
  assert.is(server.mails.length, 0);
});

test('bad SMTP settings: TLS and SSL together, a port that is not a port', () => {
  assert.throws(() => new SmtpEmailBackend({ useTls: true, useSsl: true }), (e: Error) => e instanceof ImproperlyConfigured && e.message === 'EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True.');
  configure({ EMAIL_PORT: 'smtp' as never });
  assert.throws(() => getConnection(), /EMAIL_PORT must be a port number \(1-65535\), not "smtp"/);
});

test('the file backend writes one file per connection, each message followed by 79 dashes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-mail-'));
  try {
    configure({ EMAIL_BACKEND: 'django.core.mail.backends.filebased.EmailBackend', EMAIL_FILE_PATH: join(dir, 'sub') });
    const connection = getConnection();
    assert.instance(connection, FileEmailBackend);
    await connection.sendMessages([new EmailMessage({ subject: 'first', body: 'one', to: ['a@example.com'] })]);
    await connection.sendMessages([new EmailMessage({ subject: 'second', body: 'two', to: ['a@example.com'] })]);
    await sendMail('third', 'three', null, ['b@example.com']); // a new connection: a second file
    const files = readdirSync(join(dir, 'sub')).sort();
    assert.is(files.length, 2);
    for (const f of files) assert.match(f, /^\d{8}-\d{6}-\d+\.log$/);
    const texts = files.map((f) => readFileSync(join(dir, 'sub', f), 'utf8'));
    const first = texts.find((t) => t.includes('Subject: first'))!;
    assert.is(first.split(`\n${'-'.repeat(79)}\n`).length, 3, 'two messages, each with its separator');
    assert.match(first, /Subject: first\n[\s\S]*\n\none\n-{79}\nSubject: second\n[\s\S]*\n\ntwo\n-{79}\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the file backend refuses a path that is a file, and no path at all, with Django\'s messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-mail-'));
  try {
    writeFileSync(join(dir, 'plain'), 'x');
    assert.throws(() => new FileEmailBackend({ filePath: join(dir, 'plain') }), (e: Error) => e instanceof ImproperlyConfigured && e.message === `Path for saving email messages exists, but is not a directory: ${join(dir, 'plain')}`);
    assert.throws(() => new FileEmailBackend({ filePath: join(dir, 'plain', 'below') }), /Could not create directory for saving email messages: /);
    assert.throws(() => new FileEmailBackend(), /needs EMAIL_FILE_PATH/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
