/**
 * `npm run user:create -- --email ops@shop.fr --role admin [--name "Ops"] [--password …]`
 * Creates a user (the first admin of a production deployment). Without --password, a random
 * one is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Database } from '../db/database';
import { loadConfig } from '../core/config';
import { userCreateSchema } from '../domain/agent-actions.schemas';
import { createUser } from '../server/services/auth.service';

async function main() {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, role: { type: 'string', default: 'agent' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  const password = values.password ?? randomBytes(12).toString('base64url');
  const input = userCreateSchema.safeParse({ email: values.email, role: values.role, name: values.name ?? values.email?.split('@')[0], password });
  if (!input.success) {
    console.error(`user:create: ${input.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const config = loadConfig();
  const db = await Database.open({ databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath, busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS });
  try {
    const user = await createUser({ db, now: () => new Date() }, input.data);
    console.log(`Created ${user.role} ${user.email}${values.password ? '' : ` with password: ${password}`}`);
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(`user:create: ${err.message}`);
  process.exit(1);
});
