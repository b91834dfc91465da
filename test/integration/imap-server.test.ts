import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { simpleParser } from 'mailparser';
import { startImapServer, type ImapServer } from '../support/imap-server';
import { AUTO_REPLY_HEADERS, PDF_ATTACHMENT, bounce, cardNumberWithPdf, frenchReply, newMessageId, newRequest, outOfOffice, redelivered } from '../support/mail-fixtures';

// The test support itself: a real dovecot that tests of the e-mail channel (issue 14) fill with
// IMAP APPEND and read back. The database the project runs on plays no part here.

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });
const processesInGroup = (pgid: number) =>
  execFileSync('ps', ['-eo', 'pid=,pgid=,comm='])
    .toString()
    .split('\n')
    .filter((l) => l.trim().split(/\s+/)[1] === String(pgid));

describe('the IMAP server of the tests (dovecot)', () => {
  let imap: ImapServer;
  beforeAll(async () => {
    imap = await startImapServer();
  });
  afterAll(async () => {
    if (imap) await imap.close();
  });

  it('holds what was appended for one shop, and acts on it as a mail client would', async () => {
    const shop = await imap.createUser('sofimix', 'mot de passe');
    expect(shop).toEqual({ host: '127.0.0.1', port: imap.port, secure: false, user: 'sofimix', password: 'mot de passe' });

    const ours = newMessageId('guichet');
    const reply = await frenchReply({ inReplyTo: ours, references: [ours] });
    const request = await newRequest();
    const autoReplies = await Promise.all(Object.keys(AUTO_REPLY_HEADERS).map((variant) => outOfOffice({ variant: variant as keyof typeof AUTO_REPLY_HEADERS, inReplyTo: ours })));
    const bounced = bounce({ original: { messageId: ours, to: 'marie.curie@example.fr' } });
    const card = await cardNumberWithPdf();
    const fixtures = [reply, redelivered(reply), request, ...autoReplies, bounced, card];
    for (const mail of fixtures) await imap.append('sofimix', mail.raw);
    await imap.append('sofimix', request.raw, 'INBOX', ['\\Seen']); // the very same bytes once more, already read

    const inbox = await imap.list('sofimix');
    expect(inbox).toHaveLength(fixtures.length + 1);
    expect(inbox.map((m) => m.messageId)).toEqual([...fixtures.map((m) => m.messageId), request.messageId]);
    expect(inbox.map((m) => m.flags)).toEqual([...fixtures.map(() => []), ['\\Seen']]);
    expect(inbox[0].subject).toBe('Re: Votre demande Sofimix');
    expect(inbox.at(-2)!.subject).toBe('Débité deux fois sur ma carte 4242 4242 4242 4242');

    // What a fetcher would read: the builders wrote what the scenarios need.
    const client = await imap.connect('sofimix');
    const lock = await client.getMailboxLock('INBOX');
    try {
      const [first] = await client.fetchAll(String(inbox[0].uid), { source: true }, { uid: true });
      const parsed = await simpleParser(first.source!);
      expect(parsed.inReplyTo).toBe(ours);
      expect(parsed.text).toContain('Le lun. 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr> a écrit :\n> Bonjour Marie,');
      expect(parsed.text).toContain(`${reply.text}\n-- \nMarie\n`);

      const [cardMail] = await client.fetchAll(String(inbox.at(-2)!.uid), { source: true }, { uid: true });
      const withPdf = await simpleParser(cardMail.source!);
      expect(withPdf.attachments.map((a) => [a.filename, a.contentType, a.content.equals(PDF_ATTACHMENT)])).toEqual([['relevé-novembre.pdf', 'application/pdf', true]]);

      const [bounceMail] = await client.fetchAll(String(inbox.at(-3)!.uid), { source: true }, { uid: true });
      const report = bounceMail.source!.toString();
      expect(report).toMatch(/^Content-Type: multipart\/report; report-type=delivery-status;/m);
      expect(report).toContain(`Content-Type: message/rfc822-headers\r\n\r\nFrom: Sofimix <support@sofimix.fr>\r\nTo: marie.curie@example.fr\r\n`);
      expect(report).toContain(`Message-ID: ${ours}`);

      // Mark one read and move another away, as the product's fetcher will.
      await client.messageFlagsAdd(String(inbox[2].uid), ['\\Seen'], { uid: true });
      await client.mailboxCreate('Guichet');
      expect(await client.messageMove(String(inbox[0].uid), 'Guichet', { uid: true })).toBeTruthy();
    } finally {
      lock.release();
      await client.logout();
    }

    const after = await imap.list('sofimix');
    expect(after.map((m) => m.uid)).toEqual(inbox.slice(1).map((m) => m.uid));
    expect(after.find((m) => m.uid === inbox[2].uid)!.flags).toEqual(['\\Seen']);
    expect(after.filter((m) => m.flags.includes('\\Seen'))).toHaveLength(2);
    expect(await imap.list('sofimix', 'Guichet')).toEqual([{ uid: 1, flags: [], messageId: reply.messageId, subject: reply.subject }]);
    expect(await imap.folders('sofimix')).toEqual(['Guichet', 'INBOX']);
  });

  it('keeps one mailbox per shop, each behind its own password', async () => {
    const a = await imap.createUser('shop-a@example.fr');
    await imap.createUser('shop-b@example.fr');
    await imap.append('shop-a@example.fr', (await newRequest()).raw, 'Archive');
    expect(await imap.list('shop-a@example.fr', 'Archive')).toHaveLength(1);
    expect(await imap.list('shop-b@example.fr')).toEqual([]);

    const { ImapFlow } = await import('imapflow');
    const wrong = new ImapFlow({ host: a.host, port: a.port, secure: false, auth: { user: a.user, pass: 'not it' }, logger: false });
    wrong.on('error', () => undefined);
    await expect(wrong.connect()).rejects.toThrow();
    await expect(imap.createUser('shop-a@example.fr')).rejects.toThrow(/exists/);
    await expect(imap.createUser('bad:name')).rejects.toThrow();
  });

  it('leaves no process and no open port once closed', async () => {
    const other = await startImapServer();
    await other.createUser('x');
    const client = await other.connect('x'); // a session the test forgot to log out of
    expect(processesInGroup(other.pid).length).toBeGreaterThan(1);
    expect(client.usable).toBe(true);

    await other.close();
    expect(processesInGroup(other.pid)).toEqual([]);
    expect(() => process.kill(other.pid, 0)).toThrow();
    expect(await accepts(other.port)).toBe(false);
  });
});
