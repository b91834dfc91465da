import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { Brand } from './entities/brand.entity';
import { EvidenceFile } from './entities/evidence-file.entity';
import { IdempotencyKey } from './entities/idempotency-key.entity';
import { OutboxMessage } from './entities/outbox-message.entity';
import { TicketEvent } from './entities/ticket-event.entity';
import { Ticket } from './entities/ticket.entity';
import { InitialSchema1795312800000 } from './migrations/1795312800000-initial-schema';
import { AgentWorkspace1795400000000 } from './migrations/1795400000000-agent-workspace';
import { SlaReporting1795500000000 } from './migrations/1795500000000-sla-reporting';
import { MailExactlyOnce1795600000000 } from './migrations/1795600000000-mail-exactly-once';
import { PaymentLedger1795700000000 } from './migrations/1795700000000-payment-ledger';
import { PaymentConnectors1795800000000 } from './migrations/1795800000000-payment-connectors';
import { PaymentMatchIndex1795900000000 } from './migrations/1795900000000-payment-match-index';
import { FollowTheMoney1796000000000 } from './migrations/1796000000000-follow-the-money';
import { InboundMail1796100000000 } from './migrations/1796100000000-inbound-mail';
import { Mailboxes1796200000000 } from './migrations/1796200000000-mailboxes';
import { EmailChannel1796300000000 } from './migrations/1796300000000-email-channel';
import { AgentAlerts1796400000000 } from './migrations/1796400000000-agent-alerts';
import { PersonalData1796700000000 } from './migrations/1796700000000-personal-data';
import { TicketSearch1796800000000 } from './migrations/1796800000000-ticket-search';
import { Macros1796900000000 } from './migrations/1796900000000-macros';
import { MergeSatisfaction1797000000000 } from './migrations/1797000000000-merge-satisfaction';
import { Macro, MacroSeeding } from './entities/macro.entity';
import { SatisfactionRating } from './entities/satisfaction-rating.entity';
import { PersonalDataErasure } from './entities/personal-data-erasure.entity';
import { PersonalDataExport } from './entities/personal-data-export.entity';
import { BrandAdmin1796500000000 } from './migrations/1796500000000-brand-admin';
import { BrandEvent } from './entities/brand-event.entity';
import { SlaPausePriority1796600000000 } from './migrations/1796600000000-sla-pause-priority';
import { Mailbox } from './entities/mailbox.entity';
import { PaymentConnector } from './entities/payment-connector.entity';
import { InboundMessageRecord } from './entities/inbound-message.entity';
import { WebhookEvent } from './entities/webhook-event.entity';
import { PaymentTransaction } from './entities/payment-transaction.entity';
import { JobState } from './entities/job-state.entity';
import { SlaRollup } from './entities/sla-rollup.entity';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';
import { ApiToken } from './entities/api-token.entity';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { Integrations1797100000000 } from './migrations/1797100000000-integrations';
import { SearchOrder1797200000000 } from './migrations/1797200000000-search-order';
import { SearchQueuePostgres1797300000000 } from './migrations/1797300000000-search-queue-postgres';
import { SearchIdentifierJoins1797400000000 } from './migrations/1797400000000-search-identifier-joins';
import { SearchMixedParts1797500000000 } from './migrations/1797500000000-search-mixed-parts';

export const entities = [Brand, Ticket, TicketEvent, EvidenceFile, OutboxMessage, IdempotencyKey, User, Session, SlaRollup, JobState, PaymentTransaction, PaymentConnector, WebhookEvent, InboundMessageRecord, Mailbox, BrandEvent, PersonalDataErasure, PersonalDataExport, SatisfactionRating, Macro, MacroSeeding];
export const migrations = [InitialSchema1795312800000, AgentWorkspace1795400000000, SlaReporting1795500000000, MailExactlyOnce1795600000000, PaymentLedger1795700000000, PaymentConnectors1795800000000, PaymentMatchIndex1795900000000, FollowTheMoney1796000000000, InboundMail1796100000000, Mailboxes1796200000000, EmailChannel1796300000000, AgentAlerts1796400000000, BrandAdmin1796500000000, SlaPausePriority1796600000000, PersonalData1796700000000, TicketSearch1796800000000, Macros1796900000000, MergeSatisfaction1797000000000];
// Integrations (issue 16): API tokens and outgoing webhooks.
(entities as Array<new () => unknown>).push(ApiToken, WebhookEndpoint, WebhookDelivery, WebhookAttempt);
migrations.push(Integrations1797100000000);
// Search at 1,000,000 tickets (issue 16): SQLite's index in the queue's order, with the queue's facets.
migrations.push(SearchOrder1797200000000);
// ... and PostgreSQL's as a narrow copy of the queue, with the fields' and the messages' words apart.
migrations.push(SearchQueuePostgres1797300000000);
// ... and an identifier's joins apart from the words a prefix reads.
migrations.push(SearchIdentifierJoins1797400000000);
// ... and an identifier's parts of letters and digits too ("dubois12").
migrations.push(SearchMixedParts1797500000000);

export interface DatabaseOptions {
  /** postgres://…; unset: SQLite at sqlitePath. */
  databaseUrl?: string;
  sqlitePath: string;
  /** SQLite: how long a statement waits for another connection's write lock (default 5 s). */
  busyTimeoutMs?: number;
}

/** SQLite by default, PostgreSQL when a URL is given; the schema only ever changes through migrations. */
export function createDataSource(options: DatabaseOptions): DataSource {
  if (options.databaseUrl) {
    return new DataSource({
      type: 'postgres',
      url: options.databaseUrl,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      // A database that does not answer fails the request in seconds (503) instead of holding it.
      extra: { max: 10, connectionTimeoutMillis: 3000 },
    });
  }
  fs.mkdirSync(path.dirname(options.sqlitePath), { recursive: true });
  return new DataSource({
    type: 'sqlite',
    // TypeORM calls driver.verbose(), which makes sqlite3 capture a stack trace on every
    // statement: handing it a driver whose verbose() is a no-op keeps the plain driver.
    driver: { ...sqlite3, verbose: () => sqlite3 },
    database: options.sqlitePath,
    entities,
    migrations,
    synchronize: false,
    enableWAL: true,
    busyTimeout: options.busyTimeoutMs ?? 5000,
  });
}
