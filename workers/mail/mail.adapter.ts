import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';

export interface OutgoingMail {
  /** `mailbox` is the brand's address, bare or with a display name, which `name` replaces. */
  from: { name: string; mailbox: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic, so a retried send can be recognised as the same message. */
  messageId: string;
  language: string;
  /** Where the customer's answer goes (the shop's support address). */
  replyTo?: string;
  /** The thread: the message this one follows, and the thread's earlier ones (the customer's mail client groups them). */
  inReplyTo?: string;
  references?: string[];
  /** An automatic message (an acknowledgement, a reminder), not an agent's: robots are asked not to answer it (RFC 3834). */
  automatic: boolean;
  /** Files sent along (an agent's reply's attachments), read from disk at each attempt. */
  attachments?: Array<{ filename: string; path: string; contentType: string }>;
  /** The ticket's reference, so that a reply is recognised as ours and threaded even through a client that drops the other headers. */
  ticketReference?: string;
}

/**
 * The only module that speaks SMTP. Without SMTP_URL every message is written as an .eml
 * file in DATA_DIR/outbox, which any mail client opens.
 */
export class MailAdapter {
  private readonly transport: Transporter;

  constructor(private readonly options: { smtpUrl?: string; outboxDir: string }) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const [sender] = addressparser(mail.from.mailbox, { flatten: true });
    const info = await this.transport.sendMail({
      from: { name: mail.from.name, address: sender?.address || mail.from.mailbox },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
      headers: { 'Content-Language': mail.language, ...(mail.automatic ? { 'Auto-Submitted': 'auto-generated' } : {}), ...(mail.ticketReference ? { 'X-Guichet-Ticket': mail.ticketReference } : {}) },
    });
    if (!this.options.smtpUrl) {
      await fs.promises.mkdir(this.options.outboxDir, { recursive: true });
      const name = mail.messageId.replace(/[^\w.-]+/g, '_').replace(/^_|_$/g, '');
      await fs.promises.writeFile(path.join(this.options.outboxDir, `${name}.eml`), (info as { message: Buffer }).message);
    }
  }

  close(): void {
    this.transport.close();
  }
}
