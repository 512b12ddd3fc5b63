// `frontdesk kb ingest` on either side: the files are read here and ingested by a runtime opened for the
// command, or uploaded to the running desk's API; either way the command returns once each document is
// searchable (or failed), so what it prints is the documents' final state.
import { basename } from 'node:path';
import { DeskError, isDeskError } from '../errors.js';
import { collectFiles, readSourceFile, type SourceFile } from '../knowledge/files.js';
import type { IngestResult } from '../knowledge/ingest.js';
import type { KnowledgeDocument } from '../knowledge/store.js';
import { toProblem } from '../problem.js';
import type { Runtime } from '../runtime.js';
import type { DeskClient } from './desk-client.js';

export interface IngestChoices {
  area?: string | undefined;
  language?: string | undefined;
  visibility?: 'public' | 'internal' | undefined;
}

interface Side {
  ingest(file: SourceFile, bytes: Uint8Array): Promise<IngestResult>;
  /** The documents once their embedding settled. */
  settled(documentIds: string[]): Promise<Map<string, KnowledgeDocument | undefined>>;
}

const SETTLE_TIMEOUT_MS = 120_000;

async function ingestWith(side: Side, path: string) {
  const { files, skipped } = await collectFiles(path);
  const results = [];
  for (const file of files) {
    try {
      results.push(await side.ingest(file, await readSourceFile(file)));
    } catch (error) {
      // One bad file in a folder is reported; a single bad file fails the command.
      if (files.length === 1 || !isDeskError(error)) throw error;
      results.push({ source: file.source, status: 'failed' as const, error: toProblem(error) });
    }
  }
  const docs = await side.settled(
    results.flatMap((result) => ('documentId' in result ? [result.documentId] : [])),
  );
  const documents = results.map((result) => {
    if (!('documentId' in result)) return result;
    const doc = docs.get(result.documentId);
    return {
      ...result,
      status: doc?.status === 'ready' && result.status === 'queued' ? 'published' : result.status,
      state: doc?.status,
      lastError: doc?.lastError ?? undefined,
    };
  });
  return { documents, skipped };
}

export function ingestDirect(runtime: Runtime, path: string, choices: IngestChoices) {
  const tenantId = runtime.config.tenantId;
  return ingestWith(
    {
      ingest: (file, bytes) =>
        runtime.knowledge.ingestion.ingestBytes(tenantId, file.source, basename(file.path), bytes, {
          ...(choices.area ? { productArea: choices.area } : {}),
          ...(choices.language ? { language: choices.language } : {}),
          ...(choices.visibility ? { visibility: choices.visibility } : {}),
        }),
      settled: async (ids) => {
        // Embedding is a background task; wait for it so the documents are searchable when we return.
        await runtime.tasks.drain(SETTLE_TIMEOUT_MS);
        const docs = await Promise.all(ids.map((id) => runtime.knowledge.store.get(tenantId, id)));
        return new Map(ids.map((id, i) => [id, docs[i]]));
      },
    },
    path,
  );
}

export function ingestThroughDesk(desk: DeskClient, path: string, choices: IngestChoices) {
  return ingestWith(
    {
      ingest: (file, bytes) => {
        const query = new URLSearchParams({ name: basename(file.path), source: file.source });
        if (choices.area) query.set('area', choices.area);
        if (choices.language) query.set('language', choices.language);
        if (choices.visibility) query.set('visibility', choices.visibility);
        return desk.upload<IngestResult>(`/v1/knowledge/documents?${query.toString()}`, bytes);
      },
      // The desk embeds in its own time: read each document until it is no longer pending.
      settled: async (ids) => {
        const deadline = Date.now() + SETTLE_TIMEOUT_MS;
        const docs = new Map<string, KnowledgeDocument | undefined>();
        for (const id of ids) {
          const path = `/v1/knowledge/documents/${encodeURIComponent(id)}`;
          let doc = await desk.request<KnowledgeDocument>('GET', path);
          while (doc.status === 'pending') {
            if (Date.now() > deadline) {
              throw new DeskError(
                'DESK_WAIT_TIMEOUT',
                `Document ${id} was still being embedded after 120 s`,
                {
                  documentId: id,
                },
              );
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
            doc = await desk.request<KnowledgeDocument>('GET', path);
          }
          docs.set(id, doc);
        }
        return docs;
      },
    },
    path,
  );
}
