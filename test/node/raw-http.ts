// Raw HTTP/1.1 over a socket, for the server tests that must send what fetch() would not.
import { connect } from 'node:net';

/** Sends raw bytes and collects the whole answer until the server closes or `until` matches. */
export function raw(port: number, text: string, until: RegExp, timeout = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timeout; got ${JSON.stringify(got)}`));
    }, timeout);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (until.test(got)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', reject);
    socket.write(text);
  });
}
