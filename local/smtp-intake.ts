// The privacy address on this machine: an SMTP server (smtp-server) that does what SES's receipt
// rule does in AWS: keeps the raw mail in the data bucket, checks SPF/DKIM/DMARC where the mail is
// signed (mailauth, without DNS: this runtime has no network), and invokes the intake function.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { authenticate } from 'mailauth';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { createS3Client } from '../shared/aws/s3.js';
import type { MailVerdicts, Verdict } from '../shared/intake/inbox-store.js';
import { NOT_CHECKED } from '../shared/intake/inbox-store.js';
import { MAX_MAIL_BYTES } from '../shared/intake/parse-mail.js';
import { sesRawKey } from '../shared/intake/ses-receipt.js';
import { lambdas } from '../shared/lambdas.js';
import { buckets } from '../shared/resources.js';
import { lambdaContext, loadLambdaHandler } from './lambda-runner.js';

export interface SmtpIntake {
  port: number;
  stop(): Promise<void>;
}

export interface SmtpIntakeOptions {
  projectRoot: string;
  /** The addresses mail is accepted for; every other recipient is refused. */
  addresses: readonly string[];
  port?: number;
  log?: (line: string) => void;
}

/** mailauth's result words, as SES names its verdicts. */
function verdictOf(result: string | undefined): Verdict {
  switch (result) {
    case 'pass':
      return 'PASS';
    case 'fail':
    case 'permerror':
      return 'FAIL';
    case 'neutral':
    case 'softfail':
    case 'policy':
      return 'GRAY';
    case 'temperror':
      return 'PROCESSING_FAILED';
    default:
      return 'NOT_CHECKED';
  }
}

/** No DNS here: every lookup fails as a missing record, so an unsigned claim never passes. */
const noDns = async (): Promise<never> => {
  throw Object.assign(new Error('No DNS in the local runtime'), { code: 'ENOTFOUND' });
};

/** SPF, DKIM and DMARC for a signed mail; "not checked" for one that carries no signature. */
export async function localVerdicts(raw: Buffer, session: Pick<SMTPServerSession, 'remoteAddress' | 'hostNameAppearsAs' | 'envelope'>): Promise<MailVerdicts> {
  const head = raw.subarray(0, Math.min(raw.byteLength, 256 * 1024)).toString('latin1');
  if (!/^dkim-signature:/im.test(head)) return NOT_CHECKED;
  const mailFrom = session.envelope.mailFrom;
  const result = await authenticate(raw, {
    ip: session.remoteAddress,
    helo: session.hostNameAppearsAs,
    sender: mailFrom ? mailFrom.address : '',
    mta: 'localhost',
    resolver: noDns,
    disableArc: true,
    disableBimi: true,
  });
  return {
    spf: verdictOf(result.spf ? result.spf.status.result : undefined),
    dkim: verdictOf(result.dkim?.results?.[0]?.status?.result),
    dmarc: verdictOf(result.dmarc ? result.dmarc.status.result : undefined),
    spam: 'NOT_CHECKED',
    virus: 'NOT_CHECKED',
  };
}

/** Starts the SMTP server; each mail is stored and taken in before the server says 250. */
export async function startSmtpIntake(options: SmtpIntakeOptions): Promise<SmtpIntake> {
  const accepted = new Set(options.addresses.map((a) => a.toLowerCase()));
  const s3 = createS3Client();
  const spec = lambdas.receiveMail;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MAIL_BYTES,
    banner: 'privacy-ops local intake',
    logger: false,
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.toLowerCase())) return callback();
      return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('Message larger than 40 MB'), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks);
        const messageId = `local-${randomUUID()}`;
        const at = new Date().toISOString();
        takeIn(raw, messageId, at, session)
          .then(() => callback())
          .catch((error: Error) => {
            options.log?.(`SMTP intake failed: ${error.name}`);
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          });
      });
    },
  });

  async function takeIn(raw: Buffer, messageId: string, at: string, session: SMTPServerSession) {
    await s3.send(new PutObjectCommand({ Bucket: buckets.data.localName, Key: sesRawKey(messageId), Body: raw, ContentType: 'message/rfc822' }));
    const verdicts = await localVerdicts(raw, session).catch(() => NOT_CHECKED);
    const status = (v: Verdict) => (v === 'NOT_CHECKED' ? undefined : { status: v });
    const receipt = Object.fromEntries(
      Object.entries({ spfVerdict: status(verdicts.spf), dkimVerdict: status(verdicts.dkim), dmarcVerdict: status(verdicts.dmarc) }).filter(([, v]) => v),
    );
    const event = { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId, timestamp: at }, receipt: { timestamp: at, ...receipt } } }] };
    const handler = await loadLambdaHandler(options.projectRoot, spec.entry);
    await handler(event, lambdaContext('privacy-ops-receiveMail', randomUUID(), spec.timeoutSeconds), () => undefined);
    options.log?.(`SMTP mail taken in (${raw.byteLength} bytes)`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', (error: Error) => options.log?.(`SMTP server error: ${error.name}`));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
