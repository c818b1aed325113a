// A minimal SMTP client for the tests: speaks to the local intake as any mail program would.
import { connect } from 'node:net';

/** Sends `raw` from `from` to `to` over SMTP; resolves with the first refusal's code, or the last reply's (221 after QUIT). */
export function sendSmtp(port: number, from: string, to: string, raw: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const body = (Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')).toString('latin1');
    const dotted = `${body.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.\r\n`;
    const steps = [`EHLO test.example\r\n`, `MAIL FROM:<${from}>\r\n`, `RCPT TO:<${to}>\r\n`, 'DATA\r\n', dotted, 'QUIT\r\n'];
    let buffer = '';
    let last = 0;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply ends with a line "NNN text" (no dash after the code).
      const lines = buffer.split('\r\n');
      const complete = lines.slice(0, -1);
      buffer = lines.at(-1) ?? '';
      for (const line of complete) {
        if (/^\d{3} /.test(line)) {
          last = Number(line.slice(0, 3));
          if (last >= 400) {
            socket.end('QUIT\r\n');
            resolve(last);
            return;
          }
          const next = steps.shift();
          if (next) socket.write(next, 'latin1');
        }
      }
    });
    socket.on('close', () => resolve(last));
    socket.on('error', reject);
  });
}
