import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openApiChecker, type Mismatch } from './openapi-checker';

/*
 * Every answer the integration suite receives, checked against the OpenAPI document: the
 * harness puts this recorder in front of the app (a first `request` listener of its HTTP
 * server), which copies each answer's bytes as they leave and checks them once it finished.
 * `h.close()` fails the test file with the mismatches, so every integration test is also a
 * check of the document. The operations exercised, with their statuses, are appended to a
 * file under the OS's temporary directory (one per jest run) for the coverage summary.
 */

/** What is not the API: the web app's pages and assets, socket.io's transport. */
const NOT_API = /^\/(?!api\/|api$|healthz$|admin\/queues)/;
/** Bodies are only read up to this size (the zip and CSV exports can be larger; they are not JSON). */
const MAX_CAPTURE = 4 * 1024 * 1024;

export const coverageFile = () => path.join(os.tmpdir(), `guichet-openapi-coverage-${process.env.JEST_WORKER_ID ? process.ppid : process.pid}.jsonl`);

export interface Recorder {
  /** The mismatches seen so far, and forgets them. */
  take(): Mismatch[];
  /** Answers in flight (checked when they finish): wait for them before reading. */
  settle(): Promise<void>;
  /** Operations exercised: `GET /api/tickets/{id} 200` → count. */
  readonly exercised: Map<string, number>;
  /** Turns the check off for requests a test sends on purpose outside the contract (a raw socket, say). */
  ignore(predicate: (req: http.IncomingMessage) => boolean): void;
}

export function installOpenApiRecorder(server: http.Server): Recorder {
  const checker = openApiChecker();
  const mismatches: Mismatch[] = [];
  const exercised = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  const ignored: Array<(req: http.IncomingMessage) => boolean> = [];

  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    if (NOT_API.test(pathname) || ignored.some((p) => p(req))) return;
    const chunks: Buffer[] = [];
    let size = 0;
    const capture = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === 'function' || size > MAX_CAPTURE) return;
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buf.length;
      chunks.push(buf);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.write = ((...args: unknown[]) => {
      capture(args[0], args[1]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      capture(args[0], args[1]);
      return end(...args);
    }) as typeof res.end;
    const done = new Promise<void>((resolve) => {
      res.once('close', () => {
        try {
          // A connection cut mid-answer (a test stopping a download) has no complete answer to check.
          if (!res.writableFinished && !res.headersSent) return;
          const body = size > MAX_CAPTURE ? null : Buffer.concat(chunks);
          const { op, mismatch } = checker.check(req.method ?? 'GET', pathname, res.statusCode, res.getHeader('content-type') as string | undefined, body);
          if (op) {
            const key = `${op.key} ${res.statusCode}`;
            exercised.set(key, (exercised.get(key) ?? 0) + 1);
          }
          if (mismatch) mismatches.push(mismatch);
        } finally {
          resolve();
        }
      });
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  });

  return {
    exercised,
    take: () => mismatches.splice(0),
    // An answer still streaming after 2 s (a download a test left open) is not waited for: it is checked if it ends later.
    settle: async () => {
      await Promise.race([Promise.all([...pending]), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    },
    ignore: (predicate) => ignored.push(predicate),
  };
}

/** The recorders of the harnesses running in this test file. */
const live = new Set<Recorder>();

/** Checks `recorder`'s answers after each test of the file (so a mismatch fails the test whose requests made it) until `forget`. */
export function watchAfterEachTest(recorder: Recorder): void {
  live.add(recorder);
}
export function forget(recorder: Recorder): void {
  live.delete(recorder);
}

/**
 * After each test: the answers it received, checked. A hook of the test file's root (this module
 * is imported at its top), so it fails that test without skipping anyone's clean-up.
 */
if (typeof afterEach === 'function') {
  afterEach(async () => {
    const found: Mismatch[] = [];
    for (const recorder of live) {
      await recorder.settle();
      found.push(...recorder.take());
    }
    if (found.length) throw new Error(`Answers that do not match the OpenAPI document (server/openapi/):\n${formatMismatches(found)}`);
  });
}

/** Appends what a test file exercised to the run's coverage file. */
export function appendCoverage(testFile: string, exercised: Map<string, number>) {
  if (!exercised.size) return;
  const line = JSON.stringify({ file: path.basename(testFile), db: process.env.TEST_DATABASE ?? 'sqlite', exercised: Object.fromEntries(exercised) });
  fs.appendFileSync(coverageFile(), `${line}\n`);
}

/** The mismatches as a test failure's message: one line per distinct mismatch, with how many times it was seen. */
export function formatMismatches(mismatches: Mismatch[]): string {
  const counts = new Map<string, number>();
  for (const m of mismatches) {
    const line = `${m.operation} → ${m.status}: ${m.problem}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line)).join('\n');
}

/** What this run's test files exercised so far: by operation, the statuses seen, and the operations no test reached. */
export function coverageSoFar(operationKeys: string[]): { exercised: Map<string, Set<number>>; never: string[] } {
  const exercised = new Map<string, Set<number>>();
  const file = coverageFile();
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  for (const line of lines) {
    for (const [key, n] of Object.entries((JSON.parse(line) as { exercised: Record<string, number> }).exercised)) {
      if (!n) continue;
      const [method, path, status] = key.split(' ');
      const op = `${method} ${path}`;
      if (!exercised.has(op)) exercised.set(op, new Set());
      exercised.get(op)!.add(Number(status));
    }
  }
  return { exercised, never: operationKeys.filter((k) => !exercised.has(k)) };
}
