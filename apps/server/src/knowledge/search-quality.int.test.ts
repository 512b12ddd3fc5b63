// Search quality on both databases (hybrid on the embedded one, full text on the server without pgvector):
// a long customer message finds its answer through common words, an article that mentions everything does
// not crowd the top, and bad questions get an answer (possibly empty) quickly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineTaskQueue } from '../jobs/index.js';
import { createStores } from '../store/index.js';
import { databasesUnderTest, type TestDatabase } from '../testing/databases.js';
import { KnowledgeBase } from './base.js';
import { LocalEmbedder } from './embedder.js';
import type { ParsedDocument } from './parse.js';
import { BM25, FUSION, KnowledgeSearch, type SearchMode } from './search.js';

const articles: Array<[string, string]> = [
  [
    'Refund policy',
    'We refund an order in full within 30 days of delivery. The refund goes back to the card you paid ' +
      'with, and a refund usually shows on your statement within five working days.',
  ],
  [
    'Holiday opening hours',
    'Over the holiday our Lisbon office in Portugal closes early; orders still ship.',
  ],
  ['Gift wrapping', 'Gift wrapping with a handwritten card is free on every order for your nephew or niece.'],
  ['Warehouse moves', 'Our warehouse moved to a new building; the network was set up again from scratch.'],
  ['Order tracking', 'Track your order from your account page; the courier updates the status every hour.'],
  ['Changing an order', 'You can change the address of an order until it ships, from your account page.'],
  ['Payment methods', 'We take cards and bank transfers; your order ships once the payment clears.'],
  ['Loyalty points', 'Every order earns points on your account; a refund takes its points back.'],
  ['Damaged parcels', 'If an order arrives damaged, send us a photo from your account and we replace it.'],
  ['Invoices', 'Every order has an invoice on your account page, ready to download as a PDF.'],
];

// Mentions every topic of the help centre in passing: it matches almost any question.
const generic = [
  'Frequently asked questions',
  articles.map(([title, body]) => `${title}: ${body.split(/[.;]/)[0]}.`).join(' '),
] as const;

// A customer's whole story: its rare words ("holiday", "Portugal", "nephew", "network") belong to other
// articles; what it shares with the answer is common ("order", "refund", "card", "days").
const story = `Hi there,

I came back from a holiday in Portugal last week and my nephew, who set up the home network for me, says I
should just write to you. I ordered a coffee grinder and it is simply not what I expected.

I would like a refund for the order, please, back to my card. How many days does a refund take?

Thanks a lot in advance,
Maria
Sent from my phone`;

const adapters = await databasesUnderTest();

for (const adapter of adapters) {
  describe.skipIf(adapter.skipReason !== undefined)(`knowledge search quality on ${adapter.name}`, () => {
    let test: TestDatabase;
    let queue: InlineTaskQueue;
    let kb: KnowledgeBase;
    const tenant = `t${Math.random().toString(36).slice(2, 10)}`;
    const modes: SearchMode[] = adapter.name === 'embedded' ? ['text', 'hybrid'] : ['text'];

    beforeAll(async () => {
      test = await adapter.open();
      queue = new InlineTaskQueue({ db: test.db, queueName: `kbq-${tenant}` });
      kb = new KnowledgeBase({
        db: test.db,
        stores: createStores(test.db),
        embedder: new LocalEmbedder(),
        queue,
      });
      await queue.start();
      const ingest = (title: string, body: string, language = 'en') =>
        kb.ingestion.ingestParsed(
          tenant,
          `kb:${title}`,
          { title, contentType: 'text', sections: [{ headings: [], text: body }], body },
          { wait: true, language },
        );
      for (const [title, body] of [...articles, generic]) await ingest(title, body);
      await ingest('Vrácení peněz', 'Peníze za objednávku vrátíme do 30 dnů na vaši kartu.', 'cs');
      // Opening PGlite and embedding a dozen articles takes seconds, more on a busy machine.
    }, 120_000);
    afterAll(async () => {
      await queue.close();
      await test.dispose();
    });

    /** The same search with some fusion weights changed (a prior turned off). */
    const searchWith = (fusion: Partial<typeof FUSION>) =>
      new KnowledgeSearch({
        store: kb.store,
        embedder: kb.embedder,
        tuning: { bm25: BM25, fusion: { ...FUSION, ...fusion } },
      });

    const titles = async (query: string, mode: SearchMode, extra: { language?: string } = {}) =>
      (await kb.search.searchDocuments(tenant, query, { limit: 3, mode, ...extra })).map((hit) => hit.title);

    it('finds the answer to a long message that shares only common words with it', async () => {
      for (const mode of modes) expect((await titles(story, mode))[0], mode).toBe('Refund policy');
    });

    it('does not let an article that mentions everything crowd the top', async () => {
      const questions: Array<[string, string]> = [
        ['when does the refund show on my card statement', 'Refund policy'],
        ['can I change the delivery address of my order', 'Changing an order'],
        ['where do I download the invoice PDF', 'Invoices'],
        ['my parcel arrived damaged', 'Damaged parcels'],
      ];
      for (const mode of modes)
        for (const [question, answer] of questions)
          expect((await titles(question, mode))[0], `${mode}: ${question}`).toBe(answer);
    });

    it('ranks an article that mentions everything below the articles that answer (the breadth prior)', async () => {
      const questions = [
        'when does the refund show on my card statement',
        'can I change the delivery address of my order',
        'where do I download the invoice PDF',
        'my parcel arrived damaged',
        'how do I track my order',
        'do you take bank transfers',
        'is gift wrapping free',
        'do I lose my loyalty points on a refund',
      ];
      const withoutPrior = searchWith({ breadth: 0 });
      for (const mode of modes) {
        /** How many questions' top 3 hold the article that mentions everything. */
        const crowded = async (search: KnowledgeSearch) => {
          let lists = 0;
          for (const question of questions) {
            const hits = await search.searchDocuments(tenant, question, { limit: 3, mode });
            if (hits.some((hit) => hit.title === generic[0])) lists += 1;
          }
          return lists;
        };
        const withPrior = await crowded(kb.search);
        const without = await crowded(withoutPrior);
        // Without the prior it is in nearly every top 3: it shares a few words with every question.
        expect(without, mode).toBeGreaterThanOrEqual(questions.length - 1);
        expect(withPrior, mode).toBeLessThanOrEqual(questions.length / 2);
      }
    });

    it('ranks a catch-all FAQ split into many chunks below the articles that answer (the document prior)', async () => {
      // One short entry per question customers ask, two per article, each under its own heading as help
      // centres write them: every chunk is ordinary, but one of them is close to any question.
      const sections = articles.flatMap(([title, body]) =>
        [`How does ${title.toLowerCase()} work?`, `What should I know about ${title.toLowerCase()}?`].map(
          (question) => ({ headings: [question], text: `${body} See the article on ${title}.` }),
        ),
      );
      const faq = 'Everything you asked';
      const faqTenant = `${tenant}faq`;
      const ingest = (title: string, parsed: Pick<ParsedDocument, 'sections' | 'body'>) =>
        kb.ingestion.ingestParsed(
          faqTenant,
          `kb:${title}`,
          { title, contentType: 'text', ...parsed },
          { wait: true },
        );
      for (const [title, body] of articles)
        await ingest(title, { sections: [{ headings: [], text: body }], body });
      const faqChunks = (
        await ingest(faq, { sections, body: sections.map((section) => section.text).join('\n\n') })
      ).chunks;
      expect(faqChunks).toBeGreaterThan(FUSION.documentBroad);
      const questions: Array<[string, string]> = [
        ['when does the refund show on my card statement', 'Refund policy'],
        ['can I change the delivery address of my order', 'Changing an order'],
        ['where do I download the invoice PDF', 'Invoices'],
        ['my parcel arrived damaged', 'Damaged parcels'],
        ['how do I track my order', 'Order tracking'],
        ['do you take bank transfers', 'Payment methods'],
      ];
      const withoutPrior = searchWith({ documentBreadth: 0 });
      for (const mode of modes) {
        /** How many questions have the FAQ above the article that answers them. */
        const outranked = async (search: KnowledgeSearch) => {
          let lists = 0;
          for (const [question, answer] of questions) {
            const titles = (await search.searchDocuments(faqTenant, question, { limit: 5, mode })).map(
              (hit) => hit.title,
            );
            const at = titles.indexOf(faq);
            if (at >= 0 && (titles.indexOf(answer) < 0 || at < titles.indexOf(answer))) lists += 1;
          }
          return lists;
        };
        const withPrior = await outranked(kb.search);
        const without = await outranked(withoutPrior);
        // Without the prior its entry, the article's words again under a heading that names them, outranks
        // the article itself for a third of the questions.
        expect(without, mode).toBeGreaterThanOrEqual(questions.length / 3);
        expect(withPrior, mode).toBeLessThan(without);
      }
    });

    it('answers bad questions quickly: empty, huge, stop words, punctuation, a language without stop words', async () => {
      const questions = [
        '',
        '   ',
        'refund '.repeat(15_000),
        'the and of to a in is it you that',
        '?!... ,;:-- ()[]{} ***',
        '返金はいつ届きますか',
        'Když vrátíte peníze za objednávku?',
      ];
      for (const mode of [...modes, 'vector' as const])
        for (const question of questions) {
          const started = performance.now();
          const hits = await kb.search.searchDocuments(tenant, question, { mode });
          expect(Array.isArray(hits)).toBe(true);
          expect(performance.now() - started, `${mode}: ${question.slice(0, 20)}`).toBeLessThan(2000);
        }
      expect(await titles('the and of to a in is it', 'text')).toEqual([]);
      expect(await titles('?!... ,;:--', 'text')).toEqual([]);
      // PostgreSQL has no Czech stop-word list: every word counts, idf keeps the frequent ones light.
      const czech = 'Dobrý den, kdy mi vrátíte peníze za objednávku? Děkuji, Jana';
      for (const mode of modes)
        expect(await titles(czech, mode, { language: 'cs' }), mode).toEqual(['Vrácení peněz']);
    });
  });
}
