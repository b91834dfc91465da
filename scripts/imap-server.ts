import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';
const IMAP_LOGIN = '/usr/lib/dovecot/imap-login'; // from dovecot-imapd; dovecot-core alone has no IMAP
const SETPRIV = '/usr/bin/setpriv'; // util-linux, essential in Debian
const HOST = '127.0.0.1';

/** What a brand's mailbox settings need to reach one user of the test server. */
export interface ImapAccount {
  host: string;
  port: number;
  secure: false;
  user: string;
  password: string;
}

/** A message to place with the date the server says it received it (IMAP's INTERNALDATE). */
export interface AppendedMessage {
  raw: string | Buffer;
  internalDate: Date;
}

/** One message as the server holds it (`\Recent` left out: it depends on who looked first). */
export interface ImapMessage {
  uid: number;
  flags: string[];
  messageId: string | null;
  subject: string | null;
}

export interface ImapServer {
  host: string;
  port: number;
  /** The dovecot master's pid, also its process group's id. */
  pid: number;
  /** Adds a user (one per shop's mailbox): a passwd-file of its own, which dovecot reads at its first login. */
  createUser(name: string, password?: string): Promise<ImapAccount>;
  /** Places a message with IMAP APPEND (the folder is created if missing); resolves with its UID. */
  append(user: string, raw: string | Buffer, folder?: string, flags?: string[]): Promise<number>;
  /**
   * Many APPENDs over one connection (a big mailbox for the benchmark). A message given with an
   * `internalDate` is placed as received then (a mailbox that filled up over days).
   */
  appendMany(user: string, raws: Array<string | Buffer | AppendedMessage>, folder?: string): Promise<void>;
  createFolder(user: string, folder: string): Promise<void>;
  /** The user's folders (paths as IMAP names them, `.` between levels). */
  folders(user: string): Promise<string[]>;
  /** The messages of a folder in UID order, read with their own connection. */
  list(user: string, folder?: string): Promise<ImapMessage[]>;
  /** A logged-in imapflow client, to act on the mailbox as a mail client would; closed with the server. */
  connect(user: string): Promise<ImapFlow>;
  /** Dovecot's own log, for a failing test's message. */
  log(): string;
  /** Kills dovecot and every process it started, then deletes its folder. */
  close(): Promise<void>;
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Polls until `check` returns true (or stops throwing), or fails after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, HOST, () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });

const asRoot = process.getuid?.() === 0;

/**
 * Who dovecot runs as. As root: mail sessions as `nobody` (dovecot refuses root for mail, and the
 * maildirs are chowned to it), logins and internal services as the package's `dovenull` and
 * `dovecot` (its defaults). As anyone else: everything as that user, with no chroot (which needs root).
 */
function identity() {
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody']).toString().trim());
    return { uid: id('-u'), gid: id('-g'), settings: '' };
  }
  const me = os.userInfo();
  const group = execFileSync('id', ['-gn']).toString().trim();
  const settings = [`default_internal_user = ${me.username}`, `default_internal_group = ${group}`, `default_login_user = ${me.username}`]
    .concat(['anvil', 'ipc', 'old-stats'].map((service) => `service ${service} {\n  chroot =\n}`))
    .join('\n');
  return { uid: me.uid, gid: me.gid, settings };
}

function config(dir: string, port: number, who: ReturnType<typeof identity>) {
  return `# Written by scripts/imap-server.ts: one throwaway IMAP server, plain text on loopback.
protocols = imap
listen = ${HOST}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u
# Nothing here must survive a crash: no fsync per message (APPENDing 5,000 takes a minute with it).
mail_fsync = never
first_valid_uid = 1
first_valid_gid = 1
${who.settings}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users/%u
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/mail/%u
}
# No auth penalty (anvil delaying every login from an address after a failed one, up to 15 s):
# a test of a wrong password must not slow the next ones.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
${asRoot ? '' : '  chroot =\n'}  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

const USER_NAME = /^[A-Za-z0-9._@+-]+$/;
const PASSWORD = /^[^:\r\n]+$/;

/**
 * Debian's dovecot-imapd with its own config, passwd-file and maildirs in a temporary folder,
 * on a free port. Resolves once an IMAP login works.
 */
export async function startImapServer(): Promise<ImapServer> {
  if (![DOVECOT, IMAP_LOGIN].every((f) => fs.existsSync(f))) throw new Error('dovecot-imapd is missing: apt-get install dovecot-imapd (.ci/run does)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-imap-'));
  fs.chmodSync(dir, 0o755); // mail sessions (nobody) and auth (dovecot) must reach their files
  const who = identity();
  fs.mkdirSync(path.join(dir, 'mail'));
  fs.chownSync(path.join(dir, 'mail'), who.uid, who.gid);
  // One passwd-file per user: dovecot re-reads a changed passwd-file at most once a second, so a
  // user added to a shared one could be refused for up to a second; a new file is read at once.
  const usersDir = path.join(dir, 'users');
  fs.mkdirSync(usersDir, { mode: 0o755 });
  const writeUser = (name: string, password: string) => fs.writeFileSync(path.join(usersDir, name), `${name}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const port = await freePort();
  const confFile = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(confFile, config(dir, port, who));

  // Its own process group, so that a dovecot that will not stop is killed with its login, auth and
  // imap processes. Told to stop when this process dies, whatever the death (a test run killed at
  // its time limit, a crash): setpriv sets the parent-death signal, then runs dovecot. Unreferenced,
  // so a server a failed test never closed does not keep jest running.
  const child = spawn(SETPRIV, ['--pdeathsig', 'SIGTERM', DOVECOT, '-F', '-c', confFile], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  child.unref();
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  (child.stderr as net.Socket).unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  /**
   * SIGTERM to the whole group: each process stops at once and the master reaps them (SIGTERM to
   * the master alone takes a second; SIGKILL would leave orphans for init to reap).
   */
  async function stop() {
    if (child.exitCode === null && child.signalCode === null) signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    signalGroup('SIGKILL'); // anything that outlived its master
  }

  const passwords = new Map<string, string>();
  const clients = new Set<ImapFlow>();
  const log = () => {
    try {
      return fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };

  async function login(user: string, password: string) {
    const client = new ImapFlow({ host: HOST, port, secure: false, auth: { user, pass: password }, logger: false });
    client.on('error', () => undefined); // a socket error rejects the pending command; not an unhandled event
    await client.connect();
    return client;
  }

  async function as<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const password = passwords.get(user);
    if (password === undefined) throw new Error(`no IMAP user ${user}: createUser() first`);
    const client = await login(user, password);
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async function ensureFolder(client: ImapFlow, folder: string) {
    if (folder.toUpperCase() === 'INBOX') return;
    const existing = await client.list();
    if (!existing.some((f) => f.path === folder)) await client.mailboxCreate(folder);
  }

  try {
    const probe = `probe-${randomBytes(4).toString('hex')}`;
    const probePassword = randomBytes(12).toString('hex');
    writeUser(probe, probePassword);
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
      await (await login(probe, probePassword)).logout();
      return true;
    }, 10_000, 'dovecot to accept an IMAP login');
  } catch (err) {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${String(err)}\n${stderr || log()}`);
  }

  return {
    host: HOST,
    port,
    pid: child.pid!,
    async createUser(name, password = randomBytes(12).toString('hex')) {
      if (!USER_NAME.test(name)) throw new Error(`IMAP user name ${JSON.stringify(name)}: letters, digits and . _ @ + - only`);
      if (!PASSWORD.test(password)) throw new Error('an IMAP password cannot hold a colon or a line break (passwd-file)');
      if (passwords.has(name)) throw new Error(`IMAP user ${name} exists already`);
      writeUser(name, password);
      passwords.set(name, password);
      return { host: HOST, port, secure: false, user: name, password };
    },
    async append(user, raw, folder = 'INBOX', flags = []) {
      return as(user, async (client) => {
        await ensureFolder(client, folder);
        const res = await client.append(folder, raw, flags);
        if (!res || res.uid === undefined) throw new Error(`APPEND to ${user}/${folder} returned no UID`);
        return res.uid;
      });
    },
    async appendMany(user, raws, folder = 'INBOX') {
      await as(user, async (client) => {
        await ensureFolder(client, folder);
        // Selected, the folder is not reopened and rescanned by each APPEND: ~2 ms a message however
        // full it is (unselected, 2 ms at first, 6 ms by the 5,000th).
        const lock = await client.getMailboxLock(folder);
        try {
          for (const m of raws) {
            const appended = typeof m === 'string' || Buffer.isBuffer(m) ? await client.append(folder, m) : await client.append(folder, m.raw, [], m.internalDate);
            if (!appended) throw new Error(`APPEND to ${user}/${folder} failed`);
          }
        } finally {
          lock.release();
        }
      });
    },
    async createFolder(user, folder) {
      await as(user, (client) => ensureFolder(client, folder));
    },
    async folders(user) {
      return as(user, async (client) => (await client.list()).map((f) => f.path).sort());
    },
    async list(user, folder = 'INBOX') {
      return as(user, async (client) => {
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const box = client.mailbox;
          if (!box || box.exists === 0) return [];
          const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
          return messages
            .map((m) => ({
              uid: m.uid,
              flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort(),
              messageId: m.envelope?.messageId ?? null,
              subject: m.envelope?.subject ?? null,
            }))
            .sort((a, b) => a.uid - b.uid);
        } finally {
          lock.release();
        }
      });
    },
    async connect(user) {
      const password = passwords.get(user);
      if (password === undefined) throw new Error(`no IMAP user ${user}: createUser() first`);
      const client = await login(user, password);
      clients.add(client);
      client.once('close', () => clients.delete(client));
      return client;
    },
    log,
    async close() {
      for (const client of clients) client.close();
      await stop();
      await waitFor(async () => !(await accepts(port)), 5_000, 'the IMAP port to close');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
