import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server in the test process; what it receives is parsed for assertions. */
export async function startSmtpServer() {
  const messages: ParsedMail[] = [];
  let refuse = false;
  let beforeAccept: ((message: ParsedMail) => Promise<void>) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 451 }));
        simpleParser(Buffer.concat(chunks)).then(async (m) => {
          messages.push(m);
          await beforeAccept?.(m);
          callback();
        }, callback);
      });
    },
  });
  server.on('error', () => undefined); // a client that died mid-session (a killed worker) is not the test's failure
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** While true, every message is answered with a temporary failure. */
    setRefusing(value: boolean) {
      refuse = value;
    },
    /** Runs once a message is received in full, before the server answers that it accepted it (to inject a fault there). */
    setBeforeAccept(hook: ((message: ParsedMail) => Promise<void>) | null) {
      beforeAccept = hook;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
