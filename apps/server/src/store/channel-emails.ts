// Emails the email channel received or sent, with the ids that thread them and, for parked ones, why.
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export type EmailDirection = 'in' | 'out';
export type EmailStatus = 'received' | 'accepted' | 'parked' | 'queued' | 'sent' | 'failed';

export interface EmailRecord {
  id: string;
  direction: EmailDirection;
  messageId: string;
  conversationId: string | undefined;
  requestId: string | undefined;
  customerId: string | undefined;
  address: string;
  subject: string;
  refs: string[];
  status: EmailStatus;
  reason: string | undefined;
  sizeBytes: number;
  attempts: number;
  lastError: string | undefined;
  createdAt: string;
}

export interface NewEmail {
  id: string;
  direction: EmailDirection;
  messageId: string;
  conversationId?: string | undefined;
  requestId?: string | undefined;
  customerId?: string | undefined;
  address?: string;
  subject?: string;
  refs?: string[];
  status: EmailStatus;
  reason?: string | undefined;
  raw?: Buffer | undefined;
  sizeBytes?: number;
}

interface EmailRow {
  id: string;
  direction: EmailDirection;
  message_id: string;
  conversation_id: string | null;
  request_id: string | null;
  customer_id: string | null;
  address: string;
  subject: string;
  refs: string[];
  status: EmailStatus;
  reason: string | null;
  size_bytes: number;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

const COLUMNS = `id, direction, message_id, conversation_id, request_id, customer_id, address, subject, refs,
  status, reason, size_bytes, attempts, last_error, created_at`;

const toEmail = (row: EmailRow): EmailRecord => ({
  id: row.id,
  direction: row.direction,
  messageId: row.message_id,
  conversationId: row.conversation_id ?? undefined,
  requestId: row.request_id ?? undefined,
  customerId: row.customer_id ?? undefined,
  address: row.address,
  subject: row.subject,
  refs: row.refs,
  status: row.status,
  reason: row.reason ?? undefined,
  sizeBytes: row.size_bytes,
  attempts: row.attempts,
  lastError: row.last_error ?? undefined,
  createdAt: iso(row.created_at)!,
});

export class ChannelEmailRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records an email once: false when one with the same direction and Message-ID is already recorded (a
   * redelivery), so the caller does nothing more with it.
   */
  async record(tenantId: string, email: NewEmail, q: Queryable = this.db): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO channel_emails (tenant_id, id, direction, message_id, conversation_id, request_id, customer_id,
         address, subject, refs, status, reason, raw, size_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        tenantId,
        email.id,
        email.direction,
        email.messageId,
        email.conversationId ?? null,
        email.requestId ?? null,
        email.customerId ?? null,
        email.address ?? '',
        email.subject ?? '',
        email.refs ?? [],
        email.status,
        email.reason ?? null,
        email.raw ?? null,
        email.sizeBytes ?? email.raw?.length ?? 0,
      ],
    );
    return rows.length > 0;
  }

  async get(tenantId: string, id: string): Promise<EmailRecord | undefined> {
    const [row] = await this.db.query<EmailRow>(
      `SELECT ${COLUMNS} FROM channel_emails WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row && toEmail(row);
  }

  /** The stored bytes as text: an outbound email's reply, or a parked inbound email's raw MIME. */
  async body(tenantId: string, id: string): Promise<string> {
    const [row] = await this.db.query<{ raw: Buffer | null }>(
      'SELECT raw FROM channel_emails WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row?.raw ? Buffer.from(row.raw).toString('utf8') : '';
  }

  /** The conversation the first of `messageIds` we know (sent or received) belongs to, if any. */
  async conversationOf(tenantId: string, messageIds: readonly string[]): Promise<string | undefined> {
    if (messageIds.length === 0) return undefined;
    const [row] = await this.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM channel_emails
       WHERE tenant_id = $1 AND message_id = ANY($2) AND conversation_id IS NOT NULL
       ORDER BY created_at DESC LIMIT 1`,
      [tenantId, messageIds],
    );
    return row?.conversation_id;
  }

  /** Whether we sent an email with this Message-ID (our own mail coming back is a loop). */
  async sentByUs(tenantId: string, messageId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM channel_emails WHERE tenant_id = $1 AND direction = 'out' AND message_id = $2`,
      [tenantId, messageId],
    );
    return rows.length > 0;
  }

  /** The conversation's emails, oldest first (the thread's References chain). */
  async byConversation(tenantId: string, conversationId: string): Promise<EmailRecord[]> {
    const rows = await this.db.query<EmailRow>(
      `SELECT ${COLUMNS} FROM channel_emails WHERE tenant_id = $1 AND conversation_id = $2
       AND status IN ('accepted', 'queued', 'sent') ORDER BY created_at, id`,
      [tenantId, conversationId],
    );
    return rows.map(toEmail);
  }

  /**
   * Inbound emails recorded but never handed on (the process died between the two): their ids and raw
   * bytes, oldest first, for the recovery at start-up.
   */
  async unfinishedInbound(tenantId: string): Promise<Array<{ id: string; raw: Buffer }>> {
    const rows = await this.db.query<{ id: string; raw: Buffer | null }>(
      `SELECT id, raw FROM channel_emails
       WHERE tenant_id = $1 AND direction = 'in' AND status = 'received' AND raw IS NOT NULL
       ORDER BY created_at, id`,
      [tenantId],
    );
    return rows.map((row) => ({ id: row.id, raw: Buffer.from(row.raw!) }));
  }

  async accepted(tenantId: string, id: string, run: { conversationId: string; requestId: string }) {
    await this.db.query(
      `UPDATE channel_emails SET status = 'accepted', conversation_id = $3, request_id = $4, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, run.conversationId, run.requestId],
    );
  }

  async park(tenantId: string, id: string, reason: string) {
    await this.db.query(
      `UPDATE channel_emails SET status = 'parked', reason = $3, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, reason],
    );
  }

  /** Marks an outbound email sent, failed, or counts one more failed attempt (status stays queued). */
  async outcome(tenantId: string, id: string, status: 'sent' | 'failed' | 'queued', error?: string) {
    await this.db.query(
      `UPDATE channel_emails SET status = $3, last_error = COALESCE($4, last_error),
         attempts = attempts + CASE WHEN $3 = 'failed' THEN 0 ELSE 1 END, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, status, error ?? null],
    );
  }

  /** Marks the emails we sent with these Message-IDs as failed (a bounce names them); returns their ids. */
  async bounced(tenantId: string, messageIds: readonly string[], reason: string): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `UPDATE channel_emails SET status = 'failed', last_error = $3, updated_at = now()
       WHERE tenant_id = $1 AND direction = 'out' AND message_id = ANY($2) RETURNING id`,
      [tenantId, messageIds, reason],
    );
    return rows.map((row) => row.id);
  }

  /** Parked inbound and failed outbound emails, newest first: what the dashboard lists for a person. */
  async needingAttention(tenantId: string, limit = 100): Promise<EmailRecord[]> {
    const rows = await this.db.query<EmailRow>(
      `SELECT ${COLUMNS} FROM channel_emails WHERE tenant_id = $1 AND status IN ('parked', 'failed')
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map(toEmail);
  }

  /** The customer whose address this is (case-insensitive), the oldest when several share it. */
  async customerByAddress(tenantId: string, address: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }>(
      `SELECT id FROM customers WHERE tenant_id = $1 AND lower(email) = lower($2) ORDER BY created_at, id LIMIT 1`,
      [tenantId, address],
    );
    return row?.id;
  }
}
