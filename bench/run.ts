/**
 * `npm run bench [-- scenario…] [--size smoke|full]`: Guichet's own benchmarks. Each prints
 * a table and writes bench/results/<scenario>-<database>-<size>.json. BENCH_DATABASE=postgres
 * runs them on PostgreSQL.
 */
import { parseArgs } from 'node:util';
import { fanout } from './scenarios/fanout';
import { intake } from './scenarios/intake';
import { mailboxImport } from './scenarios/mailbox-import';
import { paymentImport } from './scenarios/payment-import';
import { paymentMatch } from './scenarios/payment-match';
import { pipeline } from './scenarios/pipeline';
import { queue } from './scenarios/queue';
import { reports } from './scenarios/reports';
import { search } from './scenarios/search';
import { sla } from './scenarios/sla';
import type { Size } from './support';

export const scenarios = { intake, pipeline, queue, fanout, reports, sla, 'payment-match': paymentMatch, 'payment-import': paymentImport, 'mailbox-import': mailboxImport, search };

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { size: { type: 'string', default: 'full' } } });
  const size = values.size as Size;
  if (size !== 'smoke' && size !== 'full') throw new Error('--size is smoke or full');
  const names = positionals.length ? positionals : Object.keys(scenarios);
  for (const name of names) {
    const scenario = scenarios[name as keyof typeof scenarios];
    if (!scenario) throw new Error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
    await scenario(size);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(`bench: ${err.message}`);
      process.exit(1);
    },
  );
}
