import { simpleParser } from 'mailparser';
import { fromParsedMail, parseInboundMail } from '../../core/inbound-mail-parse';
import {
  attachmentVerdicts,
  bounceReport,
  classifyInbound,
  INBOUND_SENDER_LIMIT,
  isOversized,
  MAX_INBOUND_MESSAGE_BYTES,
  MAX_REPLY_SCAN_CHARS,
  outgoingMessageId,
  redactInbound,
  senderOverLimit,
  threadingKeys,
  ticketIdFromMessageId,
  visibleText,
  type InboundMessage,
} from '../../domain/inbound-mail';

/*
 * Raw messages as mail clients and servers write them, parsed by mailparser and the adapter,
 * so what is tested is what the mailbox fetcher will see.
 */

const ctx = { ownAddresses: ['support@sofimix.fr', 'ne-pas-repondre@sofimix.fr'], ownMessageIdDomain: 'guichet.sofimix.fr' };
const TICKET = '0b0e8f4e-7d1c-4a3b-9f7e-2a6c1d5e8f90';
const ACK_ID = `<mail-${TICKET}-acknowledgement-once@guichet.sofimix.fr>`;
const REQUEST_ID = `<mail-${TICKET}-information_request-42@guichet.sofimix.fr>`;

async function received(raw: string) {
  const parsed = fromParsedMail(await simpleParser(raw));
  return { parsed, ...redactInbound(parsed) };
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.')]);
const DOCX = Buffer.from('PK\x03\x04 not really a docx');
const b64 = (b: Buffer) => b.toString('base64').replace(/.{1,76}/g, '$&\n');

// ---------------------------------------------------------------------------------------

const gmailFrenchReply = `Delivered-To: support+t8k2q@sofimix.fr
Received: by 2002:a05:6a10:9e8f:b0:5c3:1234:5678 with SMTP id x15csp123456pxb;
        Mon, 23 Nov 2026 02:14:09 -0800 (PST)
MIME-Version: 1.0
References: ${ACK_ID} ${REQUEST_ID}
In-Reply-To: ${REQUEST_ID}
From: Marie Dupont <marie.dupont@gmail.com>
Date: Mon, 23 Nov 2026 11:14:02 +0100
Message-ID: <CAKx8m2Zq4hB7y1fN3oV0pWq5u+9Yc2d=4242424242424242@mail.gmail.com>
Subject: Re: Votre demande GCH-7K2M-9QXZ
To: Sofimix <support+t8k2q@sofimix.fr>
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60718"

--000000000000a1b2c3d4e5f60718
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Bonjour,

Oui, j'ai bien =C3=A9t=C3=A9 d=C3=A9bit=C3=A9e deux fois de 59,90 =E2=82=AC l=
e 20 novembre.
Je vous joins la capture de mon relev=C3=A9.

Cordialement,
Marie Dupont

Le lun. 23 nov. 2026 =C3=A0 10:00, Sofimix <support@sofimix.fr> a
=C3=A9crit :

> Bonjour Marie,
>
> Pour avancer sur votre demande GCH-7K2M-9QXZ, merci de nous envoyer une
> preuve du paiement (SMS de la banque ou capture du relev=C3=A9).
>
> Le service client Sofimix
>

--000000000000a1b2c3d4e5f60718
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr"><div>Bonjour,</div><div><br></div><div>Oui, j&#39;ai bien =
=C3=A9t=C3=A9 d=C3=A9bit=C3=A9e deux fois de 59,90 =E2=82=AC le 20 novembre=
.</div><div>Je vous joins la capture de mon relev=C3=A9.</div><div><br></di=
v><div>Cordialement,</div><div>Marie Dupont</div></div><br><div class=3D"gm=
ail_quote gmail_quote_container"><div dir=3D"ltr" class=3D"gmail_attr">Le l=
un. 23 nov. 2026 =C3=A0 10:00, Sofimix &lt;<a href=3D"mailto:support@sofimix=
.fr">support@sofimix.fr</a>&gt; a =C3=A9crit=C2=A0:<br></div><blockquote cl=
ass=3D"gmail_quote" style=3D"margin:0px 0px 0px 0.8ex">Bonjour Marie,<br>Pou=
r avancer sur votre demande GCH-7K2M-9QXZ, merci de nous envoyer une preuve=
 du paiement.<br></blockquote></div>

--000000000000a1b2c3d4e5f60718--
`;

/** Outlook on the web, HTML only: the text comes from mailparser's conversion. */
const outlookFrenchReply = `From: Jean Martin <jean.martin@outlook.fr>
To: "Service client Sofimix" <support@sofimix.fr>
Subject: RE: Votre demande GCH-4HZT-M2AC
Date: Mon, 23 Nov 2026 10:32:11 +0000
Message-ID: <DB9PR01MB9180A1B2C3D4E5F6A7B8C9D0E1F2A@DB9PR01MB9180.eurprd01.prod.outlook.com>
In-Reply-To: <c7d1e2f3-0000-4000-8000-000000000001@sofimix.fr>
Thread-Topic: Votre demande GCH-4HZT-M2AC
Accept-Language: fr-FR, en-US
Content-Language: fr-FR
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 8bit

<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<div class="elementToProof" style="font-family: Aptos, sans-serif; font-size: 12pt;">Bonjour,</div>
<div class="elementToProof">Vous trouverez le relevé en pièce jointe. Le prélèvement apparaît bien deux fois.</div>
<div class="elementToProof">Jean Martin</div>
<div id="appendonsend"></div>
<hr style="display:inline-block;width:98%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>De :</b> Service client Sofimix<br>
<b>Envoyé :</b> lundi 23 novembre 2026 10:00<br>
<b>À :</b> Jean Martin &lt;jean.martin@outlook.fr&gt;<br>
<b>Objet :</b> Votre demande GCH-4HZT-M2AC</font>
<div>&nbsp;</div>
</div>
<div>Bonjour Jean,<br>Pouvez-vous nous envoyer une capture de votre relevé bancaire ?<br>Le service client Sofimix</div>
</body></html>
`;

/** Outlook desktop, plain text, French: its header block names the sender with an address. */
const outlookDesktopReply = `From: Jean Martin <jean.martin@orange.fr>
To: support@sofimix.fr
Subject: RE: Votre demande GCH-4HZT-M2AC
Message-ID: <000001db3d2a$1f2e3d40$5d6cb7c0$@orange.fr>
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

C'est fait, merci.

De : Service client Sofimix <support@sofimix.fr>=20
Envoy=E9 : lundi 23 novembre 2026 10:00
=C0 : jean.martin@orange.fr
Objet : Votre demande GCH-4HZT-M2AC

Bonjour Jean,
`;

const SIG = '-- '; // the separator is dash, dash, space
const gmailEnglishReply = `From: John Smith <john.smith@example.co.uk>
To: support@sofimix.fr
Subject: Re: Your request GCH-9W3X-R5TB
Message-ID: <CAJ3u5rkW1@mail.gmail.com>
In-Reply-To: <mail-${TICKET}-agent_reply-1001@guichet.sofimix.fr>
MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"

Hello,

The second charge is still on my statement this morning.

${SIG}
John Smith
+44 20 7946 0958

On Mon, Nov 23, 2026 at 10:00 AM Sofimix Support <support@sofimix.fr> wrote:

> Hello John,
>
> The second line is an authorisation hold; it should drop off within 7 days.
>
`;

const iphoneReply = `From: =?UTF-8?Q?Chlo=C3=A9_Bernard?= <chloe.bernard@icloud.com>
To: support@sofimix.fr
Subject: Re: Votre demande GCH-7K2M-9QXZ
Message-Id: <6D1E0B3A-2F4C-4E5D-9A8B-7C6D5E4F3A2B@icloud.com>
In-Reply-To: ${ACK_ID}
Mime-Version: 1.0 (1.0)
X-Mailer: iPhone Mail (22B91)
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Oui c’est bien la commande 100004567.

Envoyé de mon iPhone

> Le 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr> a écrit :
>
> Bonjour Chloé, nous avons bien reçu votre demande.
`;

// ---------------------------------------------------------------------------------------

describe('the new part of a reply', () => {
  it('a French Gmail reply: the "Le … a écrit :" quote (wrapped before "écrit") and the closing are cut', async () => {
    const { message } = await received(gmailFrenchReply);
    expect(visibleText(message)).toBe("Bonjour,\n\nOui, j'ai bien été débitée deux fois de 59,90 € le 20 novembre.\nJe vous joins la capture de mon relevé.");
  });

  it('the same attribution wrapped anywhere else, as html-to-text and Apple Mail wrap it', async () => {
    const wrapped = (attribution: string) => `From: m@example.fr\nTo: support@sofimix.fr\nSubject: Re\nContent-Type: text/plain; charset=utf-8\n\nMerci, c'est noté.\n\n${attribution}\n\n> Bonjour,\n> ancien message\n`;
    for (const attribution of [
      'Le lun. 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr [support@sofimix.fr]>\na écrit :',
      'Le lun. 23 nov. 2026 à 10:00, Sofimix <\nsupport@sofimix.fr> a écrit :',
      'Le lundi 23 novembre 2026 à 10:00,\nService client Sofimix\n<support@sofimix.fr> a écrit :',
      'Le 23/11/2026 à 10:00, Service client Sofimix a écrit\u00a0:', // Thunderbird, a no-break space
      'On Mon, Nov 23, 2026 at 10:00 AM Sofimix Support <\nsupport@sofimix.fr> wrote:',
    ]) {
      const { message } = await received(wrapped(attribution));
      expect(visibleText(message)).toBe("Merci, c'est noté.");
    }
  });

  it("a customer's sentence that only looks like an attribution stays (no date in it, or no colon)", async () => {
    const { message } = await received(
      'From: m@example.fr\nTo: support@sofimix.fr\nSubject: Re\n\nLe conseiller a écrit :\n"remboursé sous 10 jours"\n\nOn the 23rd I wrote\nto my bank.\n',
    );
    expect(visibleText(message)).toBe('Le conseiller a écrit :\n"remboursé sous 10 jours"\n\nOn the 23rd I wrote\nto my bank.');
  });

  it('an Outlook French reply, HTML only: converted to text, cut at "De : / Envoyé : / À : / Objet :" though "De :" names no address', async () => {
    const { message } = await received(outlookFrenchReply);
    expect(message.text).toContain('De : Service client Sofimix\nEnvoyé : lundi 23 novembre 2026 10:00');
    expect(visibleText(message)).toBe('Bonjour,\nVous trouverez le relevé en pièce jointe. Le prélèvement apparaît bien deux\nfois.\nJean Martin');
  });

  it('an Outlook desktop reply in Latin-1 with its header block', async () => {
    const { message } = await received(outlookDesktopReply);
    expect(visibleText(message)).toBe("C'est fait, merci.");
  });

  it('an English Gmail reply: the "-- " signature and the "On … wrote:" quote are cut', async () => {
    const { message } = await received(gmailEnglishReply);
    expect(visibleText(message)).toBe('Hello,\n\nThe second charge is still on my statement this morning.');
  });

  it('"Envoyé de mon iPhone" and the quote below it are cut; the order number stays', async () => {
    const { message } = await received(iphoneReply);
    expect(visibleText(message)).toBe('Oui c’est bien la commande 100004567.');
  });

  it('quoted lines with no header above them are cut too, the answers between them stay', async () => {
    const { message } = await received('From: m@example.fr\nTo: support@sofimix.fr\nSubject: Re\n\n> Quel est le montant ?\n59,90 €\n> Et la date ?\nle 20 novembre\n');
    expect(visibleText(message)).toBe('59,90 €\nle 20 novembre');
  });

  it('an answer written below the quote (bottom-posting) stays', async () => {
    const { message } = await received(
      'From: m@example.fr\nTo: support@sofimix.fr\nSubject: Re\n\nLe lun. 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr> a écrit :\n> Quel est le montant débité ?\n\n59,90 €, deux fois.\n',
    );
    expect(visibleText(message)).toBe('59,90 €, deux fois.');
  });

  it('a reply that only quotes (attachments alone) has no new words', async () => {
    const { message } = await received('From: m@example.fr\nTo: support@sofimix.fr\nSubject: Re\n\nLe lun. 23 nov. 2026 à 10:00, Sofimix <support@sofimix.fr> a écrit :\n> Bonjour\n');
    expect(visibleText(message)).toBe('');
  });

  it("a forwarded bank e-mail is the customer's evidence: kept, headers and all", async () => {
    const { message } = await received(`From: m@example.fr
To: support@sofimix.fr
Subject: TR: Opération carte
Content-Type: text/plain; charset=utf-8

Voici le mail de ma banque.

---------- Forwarded message ---------
De : Ma Banque <alertes@mabanque.fr>
Date: lun. 23 nov. 2026 à 09:12
Subject: Opération carte
To: <m@example.fr>

Deux paiements de 59,90 EUR chez SOFIMIX le 20/11.
`);
    expect(visibleText(message)).toBe(
      'Voici le mail de ma banque.\n\n---------- Forwarded message ---------\nDe : Ma Banque <alertes@mabanque.fr>\nDate: lun. 23 nov. 2026 à 09:12\nSubject: Opération carte\nTo: <m@example.fr>\n\nDeux paiements de 59,90 EUR chez SOFIMIX le 20/11.',
    );
  });

  it('crafted text cannot stall the parser: its patterns that backtrack over lines are gone, long lines set aside', async () => {
    const crafted = (body: string) => received(`From: m@example.fr\nTo: support@sofimix.fr\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n${body}`);
    for (const body of ['Op x schreef y\n'.repeat(4400), 'abc. x skrev y\n'.repeat(4400), 'From: ' + 'a <'.repeat(40_000), `Le ${'a '.repeat(100_000)}\n`]) {
      const { message } = await crafted(body);
      const start = Date.now();
      visibleText(message);
      expect(Date.now() - start).toBeLessThan(1500);
    }
  });

  it('a line longer than a quote header can be is kept whole; past the first 64 KB nothing is read', async () => {
    const long = 'x'.repeat(5000);
    const { message } = await received(`From: m@example.fr\nTo: support@sofimix.fr\nSubject: x\n\nDébut\n${long}\nFin\n`);
    expect(visibleText(message)).toBe(`Début\n${long}\nFin`);
    const { message: huge } = await received(`From: m@example.fr\nTo: support@sofimix.fr\nSubject: x\n\n${'mot '.repeat(MAX_REPLY_SCAN_CHARS)}\n`);
    expect(visibleText(huge).length).toBeLessThanOrEqual(MAX_REPLY_SCAN_CHARS);
  });
});

// ---------------------------------------------------------------------------------------

const cardInSubjectAndFileName = `From: Paul Girard <paul.girard@free.fr>
To: support@sofimix.fr
Subject: =?UTF-8?Q?D=C3=A9bit_en_double_carte_4242_4242_4242_4242?=
Message-ID: <20261123101500.4539578763621486@smtp.free.fr>
Thread-Topic: carte 4242424242424242
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Ma carte 4242 4242 4242 4242, cryptogramme 123, a été débitée deux fois (commande 100004567).

--mix
Content-Type: application/pdf; name="releve 4242 4242 4242 4242.pdf"
Content-Disposition: attachment; filename="releve 4242 4242 4242 4242.pdf"
Content-Transfer-Encoding: base64

${b64(PDF)}
--mix
Content-Type: image/png; name="capture.png"
Content-Disposition: attachment; filename="capture.png"
Content-Transfer-Encoding: base64

${b64(PNG)}
--mix
Content-Type: application/pdf; name="facture.pdf"
Content-Disposition: attachment; filename="facture.pdf"
Content-Transfer-Encoding: base64

${b64(EXE)}
--mix
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="lettre.docx"
Content-Disposition: attachment; filename="lettre.docx"
Content-Transfer-Encoding: base64

${b64(DOCX)}
--mix--
`;

describe('card numbers are masked before anything reads the message', () => {
  it('in the subject, the text, a header and an attachment name; what was masked is said without the number', async () => {
    const { message, redactions } = await received(cardInSubjectAndFileName);
    expect(message.subject).toBe('Débit en double carte •••• •••• •••• 4242');
    expect(message.text).toContain('Ma carte •••• •••• •••• 4242, cryptogramme •••, a été débitée deux fois (commande 100004567).');
    expect(message.attachments[0].filename).toBe('releve •••• •••• •••• 4242.pdf');
    expect(message.headers.get('thread-topic')).toEqual(['carte •••• •••• •••• 4242']);
    expect(redactions).toEqual([
      { field: 'subject', cardNumbers: 1, securityCodes: 0 },
      { field: 'text', cardNumbers: 1, securityCodes: 1 },
      { field: 'attachments[0].filename', cardNumbers: 1, securityCodes: 0 },
      { field: 'headers.thread-topic[0]', cardNumbers: 1, securityCodes: 0 },
    ]);
    expect(JSON.stringify({ ...message, attachments: message.attachments.map((a) => a.filename) })).not.toMatch(/4242[ ]?4242/);
    // A Message-ID is an identifier: masking a digit run in it would break threading.
    expect(message.messageId).toBe('<20261123101500.4539578763621486@smtp.free.fr>');
  });

  it('an HTML part that spells a number across tags is withheld; its text form is masked', async () => {
    const { message, htmlWithheld, redactions } = await received(`From: p@example.fr
To: support@sofimix.fr
Subject: carte
Content-Type: text/html; charset=utf-8

<p>Ma carte <b>4242</b> <b>4242</b> 4242&#32;42<span>42</span> est débitée.</p>
`);
    expect(htmlWithheld).toBe(true);
    expect(message.html).toBeNull();
    expect(message.text).toBe('Ma carte •••• •••• •••• 4242 est débitée.');
    expect(redactions).toEqual([{ field: 'text', cardNumbers: 1, securityCodes: 0 }]);
  });

  it('a plain HTML number is masked in place and the HTML kept', async () => {
    const { message, htmlWithheld } = await received('From: p@example.fr\nTo: support@sofimix.fr\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n<p>Carte 5555 5555 5555 4444, commande 100004567</p>\n');
    expect(htmlWithheld).toBe(false);
    expect(message.html).toContain('<p>Carte •••• •••• •••• 4444, commande 100004567</p>');
  });

  it('the display name of the sender is masked too', async () => {
    const { message, redactions } = await received('From: "Paul 4111111111111111" <p@example.fr>\nTo: support@sofimix.fr\nSubject: x\n\nBonjour\n');
    expect(message.from).toEqual({ address: 'p@example.fr', name: 'Paul •••• •••• •••• 1111' });
    expect(redactions).toEqual([{ field: 'from.name', cardNumbers: 1, securityCodes: 0 }]);
  });
});

describe('attachments: the checks of uploads', () => {
  it('keeps PDF and PNG by their bytes; refuses a program named .pdf and a Word file, and lists them', async () => {
    const { message } = await received(cardInSubjectAndFileName);
    const { kept, refused } = await attachmentVerdicts(message.attachments);
    expect(kept.map(({ content, ...k }) => k)).toEqual([
      { index: 0, filename: 'releve •••• •••• •••• 4242.pdf', mimeType: 'application/pdf', ext: 'pdf', sizeBytes: PDF.length },
      { index: 1, filename: 'capture.png', mimeType: 'image/png', ext: 'png', sizeBytes: PNG.length },
    ]);
    expect(Buffer.from(kept[1].content).equals(PNG)).toBe(true);
    expect(refused).toEqual([
      { index: 2, filename: 'facture.pdf', declaredType: 'application/pdf', detectedType: 'application/x-msdownload', sizeBytes: EXE.length, reason: 'not_a_proof_type' },
      {
        index: 3,
        filename: 'lettre.docx',
        declaredType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        detectedType: 'application/zip',
        sizeBytes: DOCX.length,
        reason: 'not_a_proof_type',
      },
    ]);
  });

  it('refuses what is over 10 MB and past the fifth proof; names a proof that had none', async () => {
    const attachment = (content: Buffer, filename: string | null = 'x.jpg') => ({ filename, contentType: 'image/jpeg', size: content.length, content });
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    const { message } = redactInbound({ ...empty, attachments: [attachment(big, 'grosse.jpg'), attachment(JPEG, null), ...Array.from({ length: 5 }, (_, i) => attachment(JPEG, `p${i}.jpg`))] });
    const { kept, refused } = await attachmentVerdicts(message.attachments);
    expect(kept.map((k) => k.filename)).toEqual(['attachment-2.jpg', 'p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg']);
    expect(refused.map((r) => [r.filename, r.reason])).toEqual([
      ['grosse.jpg', 'too_large'],
      ['p4.jpg', 'too_many'],
    ]);
  });
});

const empty: InboundMessage = { headers: new Map(), from: null, to: [], cc: [], deliveredTo: [], subject: '', text: '', html: null, attachments: [], messageId: null, inReplyTo: null, references: [] };

// ---------------------------------------------------------------------------------------

const frenchOutOfOffice = `From: Claire Petit <claire.petit@entreprise.fr>
To: support@sofimix.fr
Subject: =?utf-8?Q?R=C3=A9ponse_automatique=C2=A0:_Votre_demande_GCH-7K2M-9QXZ?=
Thread-Topic: Votre demande GCH-7K2M-9QXZ
Message-ID: <5b8a9c3d1e2f4a5b8c7d6e5f4a3b2c1d@PAXPR02MB7301.eurprd02.prod.outlook.com>
In-Reply-To: ${ACK_ID}
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: claire.petit@entreprise.fr
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Je suis absente du bureau jusqu'au 30 novembre. Pour toute urgence, contactez Marc.
`;

const englishOutOfOffice = `From: John Smith <john.smith@example.co.uk>
To: support@sofimix.fr
Subject: Out of Office: Your request GCH-9W3X-R5TB
Message-ID: <OOF-20261123-1@example.co.uk>
Content-Type: text/plain; charset="utf-8"

I am out of the office until Monday 30 November with limited access to e-mail.
`;

const gmailBounce = `Delivered-To: support@sofimix.fr
Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: support@sofimix.fr
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
References: ${ACK_ID}
In-Reply-To: ${ACK_ID}
X-Failed-Recipients: marie.dupnot@gmail.com
Message-ID: <6740a1b2.050a0220.3c2b1d.0000.GMR@mx.google.com>
Date: Mon, 23 Nov 2026 01:00:04 -0800 (PST)
MIME-Version: 1.0
Content-Type: multipart/report; boundary="00000000000012ab34cd56ef7890"; report-type=delivery-status

--00000000000012ab34cd56ef7890
Content-Type: multipart/related; boundary="00000000000012ab34cd56ef7891"

--00000000000012ab34cd56ef7891
Content-Type: multipart/alternative; boundary="00000000000012ab34cd56ef7892"

--00000000000012ab34cd56ef7892
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to marie.dupnot@gmail.com because the address couldn't be found, or is unable to receive mail.

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist.

--00000000000012ab34cd56ef7892--

--00000000000012ab34cd56ef7891--

--00000000000012ab34cd56ef7890
Content-Type: message/delivery-status

Reporting-MTA: dns; googlemail.com
Received-From-MTA: dns; smtp.sofimix.fr
Arrival-Date: Mon, 23 Nov 2026 01:00:03 -0800 (PST)

Final-Recipient: rfc822; marie.dupnot@gmail.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist.

--00000000000012ab34cd56ef7890
Content-Type: message/rfc822

Return-Path: <support@sofimix.fr>
From: Sofimix <support@sofimix.fr>
To: marie.dupnot@gmail.com
Subject: =?UTF-8?Q?Nous_avons_bien_re=C3=A7u_votre_demande_GCH-7K2M-9QXZ?=
Message-ID:
 ${ACK_ID}
X-Guichet-Ticket: ${TICKET}
Auto-Submitted: auto-generated
Content-Type: text/plain; charset=utf-8

Bonjour, nous avons bien reçu votre demande.

--00000000000012ab34cd56ef7890--
`;

/** Postfix returns only the headers of the bounced mail (text/rfc822-headers), which mailparser reads as text. */
const postfixBounce = `Return-Path: <>
Delivered-To: support@sofimix.fr
From: MAILER-DAEMON@mx1.sofimix.fr (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: support@sofimix.fr
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="4F2B1C0A3E.1795910400/mx1.sofimix.fr"
Message-Id: <20261123090004.A1B2C3D4E5@mx1.sofimix.fr>

This is a MIME-encapsulated message.

--4F2B1C0A3E.1795910400/mx1.sofimix.fr
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx1.sofimix.fr.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<paul@ancien-fai.fr>: host mx.ancien-fai.fr[192.0.2.25] said: 550 5.1.1
    <paul@ancien-fai.fr>: Recipient address rejected: User unknown

--4F2B1C0A3E.1795910400/mx1.sofimix.fr
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.sofimix.fr
X-Postfix-Queue-ID: 4F2B1C0A3E

Final-Recipient: rfc822; paul@ancien-fai.fr
Action: failed
Status: 5.1.1

--4F2B1C0A3E.1795910400/mx1.sofimix.fr
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

Return-Path: <support@sofimix.fr>
From: Sofimix <support@sofimix.fr>
To: paul@ancien-fai.fr
Subject: Votre demande GCH-4HZT-M2AC
Message-ID: ${REQUEST_ID}

--4F2B1C0A3E.1795910400/mx1.sofimix.fr--
`;

const listMail = `From: Sofimix Promotions <promo@news.partenaire.fr>
To: support@sofimix.fr
Subject: -20 % sur toute la boutique
List-Id: Promotions partenaire <promo.news.partenaire.fr>
List-Unsubscribe: <mailto:unsubscribe@news.partenaire.fr>, <https://news.partenaire.fr/u/abc>
Message-ID: <campaign-88@news.partenaire.fr>
Content-Type: text/plain; charset=utf-8

Profitez de nos offres.
`;

const ownMessageBack = `From: Sofimix <support@sofimix.fr>
To: Sofimix <support@sofimix.fr>
Subject: Nous avons bien reçu votre demande GCH-7K2M-9QXZ
Message-ID: ${ACK_ID}
X-Guichet-Ticket: ${TICKET}
Content-Type: text/plain; charset=utf-8

Bonjour, nous avons bien reçu votre demande.
`;

describe('what kind of message it is', () => {
  it.each([
    ['a French Gmail reply', gmailFrenchReply, 'normal', 'none of the automatic signs'],
    ['an Outlook reply', outlookFrenchReply, 'normal', 'none of the automatic signs'],
    ['a French out-of-office from Exchange', frenchOutOfOffice, 'auto_reply', 'Auto-Submitted: auto-generated'],
    ['an English out-of-office known only by its subject', englishOutOfOffice, 'auto_reply', 'Subject: Out of Office'],
    ['a list mail', listMail, 'auto_reply', 'List-Id'],
    ['our own message come back', ownMessageBack, 'own', 'From support@sofimix.fr'],
    ['a Gmail bounce', gmailBounce, 'bounce', 'From mailer-daemon@googlemail.com'],
    ['a Postfix bounce', postfixBounce, 'bounce', 'From MAILER-DAEMON@mx1.sofimix.fr'],
  ])('%s', async (_name, raw, kind, reason) => {
    const { message } = await received(raw);
    expect(classifyInbound(message, ctx)).toMatchObject({ kind, reason });
  });

  it('a bounce gives the Message-ID of the mail that bounced: from the returned message, or its headers', async () => {
    expect(classifyInbound((await received(gmailBounce)).message, ctx).originalMessageId).toBe(ACK_ID);
    expect(classifyInbound((await received(postfixBounce)).message, ctx).originalMessageId).toBe(REQUEST_ID);
    const exim = await received(`From: Mail Delivery System <Mailer-Daemon@mail.example.net>\nTo: support@sofimix.fr\nSubject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: x@example.net\n\nThis message was created automatically by mail delivery software.\n\n------ This is a copy of the message, including all the headers. ------\n\nFrom: support@sofimix.fr\nMessage-Id: ${REQUEST_ID}\nSubject: x\n`);
    expect(classifyInbound(exim.message, ctx)).toEqual({ kind: 'bounce', reason: 'From Mailer-Daemon@mail.example.net', originalMessageId: REQUEST_ID });
    expect(ticketIdFromMessageId(REQUEST_ID, ctx.ownMessageIdDomain)).toBe(TICKET);
  });

  it('a bounce says which address refused the mail, and why, in the receiving server’s words', async () => {
    expect(bounceReport((await received(gmailBounce)).message)).toEqual({ recipient: 'marie.dupnot@gmail.com', status: '5.1.1', diagnostic: 'smtp; 550-5.1.1 The email account that you tried to reach does not exist.' });
    expect(bounceReport((await received(postfixBounce)).message)).toEqual({ recipient: 'paul@ancien-fai.fr', status: '5.1.1', diagnostic: null });
    const exim = await received(`From: Mail Delivery System <Mailer-Daemon@mail.example.net>\nTo: support@sofimix.fr\nSubject: Mail delivery failed\nX-Failed-Recipients: x@example.net\n\nThis message was created automatically.\n`);
    expect(bounceReport(exim.message)).toEqual({ recipient: 'x@example.net', status: null, diagnostic: null });
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'auto_reply', 'Auto-Submitted: auto-replied'],
    ['Auto-Submitted: auto-notified; owner-email="x@example.fr"', 'auto_reply', 'Auto-Submitted: auto-notified; owner-email="x@example.fr"'],
    ['Auto-Submitted: no', 'normal', 'none of the automatic signs'],
    ['X-Auto-Response-Suppress: OOF, AutoReply', 'auto_reply', 'X-Auto-Response-Suppress'],
    ['Precedence: bulk', 'auto_reply', 'Precedence: bulk'],
    ['Precedence: junk', 'auto_reply', 'Precedence: junk'],
    ['Precedence: list', 'auto_reply', 'Precedence: list'],
    ['Precedence: auto_reply', 'auto_reply', 'Precedence: auto_reply'],
    ['Precedence: first-class', 'normal', 'none of the automatic signs'],
    ['X-Autoreply: yes', 'auto_reply', 'X-Autoreply'],
    ['X-Autorespond: Absence', 'auto_reply', 'X-Autorespond'],
    ['List-Unsubscribe: <https://news.example.fr/u/1>', 'auto_reply', 'List-Unsubscribe'],
    ['X-Failed-Recipients: a@example.fr', 'bounce', 'X-Failed-Recipients'],
    ['Content-Type: multipart/report; report-type="delivery-status"; boundary="b"', 'bounce', 'multipart/report; report-type=delivery-status'],
    ['Content-Type: multipart/report; report-type=disposition-notification; boundary="b"', 'auto_reply', 'multipart/report; report-type=disposition-notification (read receipt)'],
  ])('%s', async (header, kind, reason) => {
    const { message } = await received(`From: c@example.fr\nTo: support@sofimix.fr\nSubject: Re: votre demande\n${header}\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n`);
    expect(classifyInbound(message, ctx)).toMatchObject({ kind, reason });
  });

  it.each([
    ['Réponse automatique : Votre demande', 'auto_reply'],
    ['RE: Absence du bureau', 'auto_reply'],
    ['Absent(e) du bureau', 'auto_reply'],
    ['Automatic reply: Your request', 'auto_reply'],
    ['Autoreply: Your request', 'auto_reply'],
    ["Message d'absence", 'auto_reply'],
    ['Re: débité pendant que j’étais out of office', 'normal'],
    ['Re: Votre demande GCH-7K2M-9QXZ', 'normal'],
  ])('subject "%s"', async (subject, kind) => {
    const { message } = redactInbound({ ...empty, from: { address: 'c@example.fr', name: '' }, subject });
    expect(classifyInbound(message, ctx).kind).toBe(kind);
  });

  it('our own: our address with a +token, our Message-ID domain, or our X-Guichet-Ticket header', () => {
    const own = (m: Partial<InboundMessage>) => classifyInbound(redactInbound({ ...empty, from: { address: 'c@example.fr', name: '' }, ...m }).message, ctx);
    expect(own({ from: { address: 'Support+t8k2q@Sofimix.fr', name: '' } })).toMatchObject({ kind: 'own' });
    expect(own({ messageId: `<mail-${TICKET}-resolution-once@GUICHET.sofimix.fr>` })).toMatchObject({ kind: 'own', reason: `Message-ID <mail-${TICKET}-resolution-once@GUICHET.sofimix.fr>` });
    expect(own({ headers: new Map([['x-guichet-ticket', [TICKET]]]) })).toMatchObject({ kind: 'own', reason: 'X-Guichet-Ticket' });
    expect(own({ messageId: '<abc@mail.guichet.sofimix.fr>' })).toMatchObject({ kind: 'normal' });
  });
});

// ---------------------------------------------------------------------------------------

describe('which ticket a message is about', () => {
  it('a French Gmail reply: our Message-IDs (In-Reply-To first, then References from the newest), the reference, the +token', async () => {
    const { message } = await received(gmailFrenchReply);
    expect(threadingKeys(message, ctx)).toEqual({ ourMessageIds: [REQUEST_ID, ACK_ID], ticketReferences: ['GCH-7K2M-9QXZ'], plusToken: 't8k2q' });
    expect(ticketIdFromMessageId(threadingKeys(message, ctx).ourMessageIds[0], ctx.ownMessageIdDomain)).toBe(TICKET);
  });

  it('an Outlook reply whose In-Reply-To is not ours: the reference of the subject', async () => {
    const { message } = await received(outlookFrenchReply);
    expect(threadingKeys(message, ctx)).toEqual({ ourMessageIds: [], ticketReferences: ['GCH-4HZT-M2AC'], plusToken: null });
  });

  it('references: the subject first, then the body; typed in lower case or with O, I, L for 0, 1, 1; never with U', () => {
    const keys = (subject: string, text: string) => threadingKeys(redactInbound({ ...empty, subject, text }).message, ctx).ticketReferences;
    expect(keys('Re: GCH-7K2M-9QXZ', 'voir gch-4hzt-m2ac et GCH-7K2M-9QXZ')).toEqual(['GCH-7K2M-9QXZ', 'GCH-4HZT-M2AC']);
    expect(keys('', 'dossier GCH-0O1I-L2AB')).toEqual(['GCH-0011-12AB']);
    expect(keys('GCH-7K2M-9QXU', 'XGCH-7K2M-9QXZ GCH-7K2M-9QXZ9 GCH-7K2-9QXZ')).toEqual([]);
  });

  it('the +token only of one of the shop addresses, from To, Cc or Delivered-To', () => {
    const token = (m: Partial<InboundMessage>) => threadingKeys(redactInbound({ ...empty, ...m }).message, ctx).plusToken;
    const to = (address: string) => [{ address, name: '' }];
    expect(token({ to: to('someone+abc@example.fr') })).toBeNull();
    expect(token({ to: to('support@sofimix.fr'), cc: to('SUPPORT+Ab_9-z@sofimix.fr') })).toBe('Ab_9-z');
    expect(token({ to: to('support@sofimix.fr'), deliveredTo: ['support+k7q2@sofimix.fr'] })).toBe('k7q2');
    expect(token({ to: to('support+<script>@sofimix.fr') })).toBeNull();
  });

  it("Guichet's Message-IDs carry the ticket and read back, the mail worker's current ones included", () => {
    const id = outgoingMessageId(TICKET, 'agent_reply-1001', 'guichet.sofimix.fr');
    expect(id).toBe(`<mail-${TICKET}-agent_reply-1001@guichet.sofimix.fr>`);
    expect(ticketIdFromMessageId(id, 'guichet.sofimix.fr')).toBe(TICKET);
    expect(ticketIdFromMessageId(id.toUpperCase(), 'guichet.sofimix.fr')).toBe(TICKET);
    expect(ticketIdFromMessageId(`<mail-${TICKET}-acknowledgement-once@guichet>`, 'guichet')).toBe(TICKET);
    expect(ticketIdFromMessageId(id, 'other.example')).toBeNull();
    expect(ticketIdFromMessageId('<CAKx8m2Zq4hB7y1fN3oV0pWq5u@mail.gmail.com>', 'guichet.sofimix.fr')).toBeNull();
    expect(ticketIdFromMessageId(`<mail-${TICKET}@guichet.sofimix.fr>`, 'guichet.sofimix.fr')).toBeNull();
    expect(() => outgoingMessageId('42', 'x', 'guichet.sofimix.fr')).toThrow();
    expect(() => outgoingMessageId(TICKET, 'a b', 'guichet.sofimix.fr')).toThrow();
    expect(() => outgoingMessageId(TICKET, 'x', 'a>b')).toThrow();
  });
});

// ---------------------------------------------------------------------------------------

describe('limits', () => {
  it('a message over 25 MB is oversized', () => {
    expect(MAX_INBOUND_MESSAGE_BYTES).toBe(25 * 1024 * 1024);
    expect(isOversized(MAX_INBOUND_MESSAGE_BYTES)).toBe(false);
    expect(isOversized(MAX_INBOUND_MESSAGE_BYTES + 1)).toBe(true);
  });

  it('a sender is over the limit when the window already holds the maximum', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const minutesAgo = (m: number) => new Date(+now - m * 60_000);
    const limit = { max: 3, windowMs: 10 * 60_000 };
    expect(senderOverLimit([minutesAgo(1), minutesAgo(2)], now, limit)).toBe(false);
    expect(senderOverLimit([minutesAgo(1), minutesAgo(2), minutesAgo(9)], now, limit)).toBe(true);
    expect(senderOverLimit([minutesAgo(1), minutesAgo(2), minutesAgo(10), minutesAgo(30)], now, limit)).toBe(false);
    expect(senderOverLimit([+minutesAgo(1), +minutesAgo(2), +minutesAgo(3)], +now, limit)).toBe(true);
    expect(senderOverLimit(Array.from({ length: INBOUND_SENDER_LIMIT.max - 1 }, (_, i) => minutesAgo(i)), now)).toBe(false);
    expect(senderOverLimit(Array.from({ length: INBOUND_SENDER_LIMIT.max }, (_, i) => minutesAgo(i)), now)).toBe(true);
  });
});

describe('the adapter', () => {
  it('parses a raw message for the domain: addresses, ids, List-* headers spread out, structured headers written back', async () => {
    const m = await parseInboundMail(Buffer.from(gmailFrenchReply));
    expect(m).toMatchObject({
      from: { address: 'marie.dupont@gmail.com', name: 'Marie Dupont' },
      to: [{ address: 'support+t8k2q@sofimix.fr', name: 'Sofimix' }],
      deliveredTo: ['support+t8k2q@sofimix.fr'],
      subject: 'Re: Votre demande GCH-7K2M-9QXZ',
      inReplyTo: REQUEST_ID,
      references: [ACK_ID, REQUEST_ID],
    });
    expect(m.headers.get('content-type')).toEqual(['multipart/alternative; boundary=000000000000a1b2c3d4e5f60718']);
    expect(m.headers.has('subject')).toBe(false);
    const list = await parseInboundMail(listMail);
    expect(list.headers.get('list-id')).toEqual(['Promotions partenaire <promo.news.partenaire.fr>']);
    expect(list.headers.get('list-unsubscribe')?.[0]).toMatch(/^<mailto:unsubscribe@news\.partenaire\.fr>|<https:/);
  });
});
