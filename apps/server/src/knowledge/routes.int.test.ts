// The knowledge base over HTTP, mounted in the API app with its authentication: upload, search, documents,
// drafts, and bad uploads answered as problem documents. One database is enough (PostgreSQL when present).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/http.js';
import { runtimeTargets } from '../testing/runtime.js';
import { buildPdf } from './pdf-fixture.js';
import type { Snippet } from './snippet.js';

const targets = await runtimeTargets();
const target = targets.find((t) => t.name === 'postgres' && !t.skipReason) ?? targets[0]!;

describe(`knowledge routes on ${target.name}`, () => {
  let t: TestApp;
  let agent: string;
  let customer: string;
  beforeAll(async () => {
    t = await startTestApp(target);
    agent = await t.bearer('agent');
    customer = await t.bearer('customer');
  });
  afterAll(() => t?.dispose());

  const upload = (name: string, body: string | Buffer, type: string, extra = '', auth = agent) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/knowledge/documents?name=${encodeURIComponent(name)}${extra}`,
      headers: { authorization: auth, 'content-type': type },
      payload: body,
    });
  const search = (query: string, auth: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/knowledge/search',
      headers: { authorization: auth },
      payload: { query, ...extra },
    });

  const sources = (response: { json(): unknown }, key: 'results' | 'documents') =>
    (response.json() as Record<string, Array<{ source: string }>>)[key]!.map((item) => item.source);

  it('ingests an upload in the background and finds it once published', async () => {
    const response = await upload(
      'grinder.md',
      '# Grinder care\n## Burrs\nBrush the conical burrs weekly.',
      'text/markdown',
    );
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ status: 'queued', title: 'Grinder care', chunks: 1 });
    await t.runtime.tasks.drain();
    const found = await search('how to clean conical burrs', customer);
    expect(found.statusCode).toBe(200);
    expect(found.json().results[0]).toMatchObject({ source: 'upload:grinder.md', title: 'Grinder care' });
    const snippet = found.json<{ results: Array<{ passages: Array<{ snippet: Snippet }> }> }>().results[0]!
      .passages[0]!.snippet;
    expect(snippet.text).toBe('Brush the conical burrs weekly.');
    expect(snippet.marks.map(([start, end]) => snippet.text.slice(start, end))).toEqual(['conical', 'burrs']);
    const documents = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/documents',
      headers: { authorization: agent },
    });
    expect(sources(documents, 'documents')).toContain('upload:grinder.md');
  });

  it('weighs hints below the question, and refuses more than eight of them naming the field', async () => {
    await upload(
      'kettle.md',
      '# Kettle descaling\nDescale the kettle monthly with citric acid.',
      'text/markdown',
    );
    await upload('kettle-returns.md', '# Returns\nA kettle can be returned within 30 days.', 'text/markdown');
    await t.runtime.tasks.drain();
    const plain = sources(await search('descale my kettle', customer), 'results');
    const hinted = await search('descale my kettle', customer, { hints: ['returned'] });
    expect(hinted.statusCode).toBe(200);
    // The question's article stays first; the hint alone brings in the help centre's article on returns.
    expect(sources(hinted, 'results')[0]).toBe('upload:kettle.md');
    expect(plain).not.toContain('article:start-a-return');
    expect(sources(hinted, 'results')).toContain('article:start-a-return');
    const tooMany = await search('descale my kettle', customer, { hints: Array(9).fill('returns') });
    expect(tooMany.statusCode).toBe(400);
    expect(JSON.stringify(tooMany.json())).toContain('hints');
  });

  it('never shows customers an internal document, whatever they ask for', async () => {
    await upload(
      'notes.txt',
      'Escalation notes\n\nWarehouse seven handles conical grinder returns.',
      'text/plain',
      '&visibility=internal',
    );
    await t.runtime.tasks.drain();
    const staff = await search('warehouse seven conical grinder returns', agent, { visibility: 'all' });
    expect(sources(staff, 'results')).toContain('upload:notes.txt');
    const asCustomer = await search('warehouse seven conical grinder returns', customer, {
      visibility: 'all',
    });
    expect(sources(asCustomer, 'results')).not.toContain('upload:notes.txt');
  });

  it('lets only staff upload and review drafts', async () => {
    expect((await upload('x.md', '# X\ntext', 'text/markdown', '', customer)).statusCode).toBe(403);
    const drafts = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/drafts',
      headers: { authorization: customer },
    });
    expect(drafts.statusCode).toBe(403);
    const asAgent = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/drafts',
      headers: { authorization: agent },
    });
    expect(asAgent.json()).toEqual({ drafts: [] });
  });

  it('answers bad uploads with problem documents and ingests nothing', async () => {
    const before = (await t.runtime.knowledge.store.list('demo', 500)).length;
    const huge = await upload('huge.txt', Buffer.alloc(50 * 1024 * 1024, 97), 'text/plain');
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    const scanned = await upload('scan.pdf', Buffer.from(buildPdf([null])), 'application/pdf');
    expect(scanned.statusCode).toBe(422);
    expect(scanned.json()).toMatchObject({ code: 'DOCUMENT_EMPTY' });
    const empty = await upload('empty.md', '   ', 'text/markdown');
    expect(empty.json()).toMatchObject({ code: 'DOCUMENT_EMPTY' });
    const docx = await upload('contract.docx', 'PK', 'application/octet-stream');
    expect(docx.statusCode).toBe(415);
    expect(docx.json()).toMatchObject({ code: 'DOCUMENT_UNSUPPORTED_TYPE' });
    const json = await t.app.inject({
      method: 'POST',
      url: '/v1/knowledge/documents?name=a.md',
      headers: { authorization: agent },
      payload: { text: 'hello' },
    });
    expect(json.statusCode).toBe(415);
    expect(String(json.headers['content-type'])).toContain('problem+json');
    expect((await t.runtime.knowledge.store.list('demo', 500)).length).toBe(before);
  });

  it('searches a whole customer message, and refuses an empty or 100 KB question with a problem document', async () => {
    const message = `Hello,\n\n${'I have been a customer for years and love the shop. '.repeat(40)}How do I clean the conical burrs?\n\nBest,\nAnn`;
    expect(message.length).toBeGreaterThan(2000);
    const found = await search(message, agent);
    expect(found.statusCode).toBe(200);
    for (const query of ['', '   ', 'refund '.repeat(15_000)]) {
      const refused = await search(query, agent);
      expect(refused.statusCode).toBe(400);
      expect(String(refused.headers['content-type'])).toContain('problem+json');
      expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('ingests a PDF upload with its text', async () => {
    const pdf = Buffer.from(buildPdf([['Kettle descaling: use white vinegar monthly.']], 'Kettle care'));
    const response = await upload('kettle.pdf', pdf, 'application/pdf');
    expect(response.statusCode).toBe(202);
    await t.runtime.tasks.drain();
    const found = await search('descale kettle vinegar', agent);
    expect(found.json().results[0]).toMatchObject({ title: 'Kettle care', source: 'upload:kettle.pdf' });
  });

  it('honours Idempotency-Key on uploads and searches, as every POST does', async () => {
    const keyed = (key: string, text: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/knowledge/documents?name=keyed.md',
        headers: { authorization: agent, 'content-type': 'text/markdown', 'idempotency-key': key },
        payload: text,
      });
    const first = await keyed('kb-upload-1', '# Keyed\nFirst version of the keyed article.');
    expect(first.statusCode).toBe(202);
    const again = await keyed('kb-upload-1', '# Keyed\nFirst version of the keyed article.');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const changed = await keyed('kb-upload-1', '# Keyed\nA different body under the same key.');
    expect(changed.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const searched = await t.app.inject({
      method: 'POST',
      url: '/v1/knowledge/search',
      headers: { authorization: agent, 'idempotency-key': 'kb-search-1' },
      payload: { query: 'keyed article' },
    });
    expect(searched.statusCode).toBe(200);
    await t.runtime.tasks.drain();
  });
});
