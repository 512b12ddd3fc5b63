// The team's own words on a conversation: internal notes and hand-back summaries. Only staff routes read
// them; the customer's conversation, streams and events never carry their text.
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from './database.js';
import { iso } from './rows.js';

export type NoteKind = 'note' | 'hand_back';

export interface NoteRecord {
  id: string;
  conversationId: string;
  author: string;
  kind: NoteKind;
  text: string;
  createdAt: string;
}

interface NoteRow {
  id: string;
  conversation_id: string;
  author: string;
  kind: NoteKind;
  text: string;
  created_at: Date;
}

const toNote = (row: NoteRow): NoteRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  author: row.author,
  kind: row.kind,
  text: row.text,
  createdAt: iso(row.created_at)!,
});

export class NoteRepository {
  constructor(private readonly db: Database) {}

  async add(
    tenantId: string,
    note: { conversationId: string; author: string; kind: NoteKind; text: string },
    q: Queryable = this.db,
  ): Promise<NoteRecord> {
    const [row] = await q.query<NoteRow>(
      `INSERT INTO conversation_notes (tenant_id, id, conversation_id, author, kind, text)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [tenantId, `note_${randomUUID()}`, note.conversationId, note.author, note.kind, note.text],
    );
    return toNote(row!);
  }

  /** The conversation's notes, oldest first; [] when none. */
  async list(tenantId: string, conversationId: string): Promise<NoteRecord[]> {
    const rows = await this.db.query<NoteRow>(
      `SELECT * FROM conversation_notes WHERE tenant_id = $1 AND conversation_id = $2
       ORDER BY created_at, id`,
      [tenantId, conversationId],
    );
    return rows.map(toNote);
  }
}
