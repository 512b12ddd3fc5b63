// The people's workspace over the API, on both databases: a person claims a conversation (two at once: one
// wins, the other is told who holds it), the agents stay quiet on it, the person replies as "Sam from
// support", notes stay with the team, and a hand-back gives the thread to the agents with the summary in
// their next answer. Bad input gets problem documents with stable codes; an idle hold lapses on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { api } from '@frontdesk/contracts';
import { StoreJournal } from '../runs/journal.js';
import { runtimeTargets } from '../testing/runtime.js';
import { eventually, startTestApp, type TestApp } from '../testing/http.js';

type Problem = { code: string; status: number; holder?: string; detail: string };

for (const target of await runtimeTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`the people's workspace on ${target.name}`, () => {
    let t: TestApp;
    const as: Record<string, string> = {};
    beforeAll(async () => {
      // A hold nobody works on lapses after 1.5 s here, so the idle return is seen within the test; a
      // customer waits at most 0.6 s (any priority) before the SLA counts as breached.
      t = await startTestApp(
        target,
        {},
        {
          FRONTDESK_TAKEOVER_IDLE_MINUTES: '0.025',
          FRONTDESK_SLA_MINUTES: 'urgent=0.01,high=0.01,normal=0.01,low=0.01',
        },
      );
      as.sam = await t.bearer('agent', 'sam');
      as.kim = await t.bearer('agent', 'kim');
      as.ana = await t.bearer('approver', 'ana');
      as.customer = await t.bearer('customer', 'cus_04');
    }, 120_000);
    afterAll(async () => t?.dispose());

    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: as[who]! }, ...(payload ? { payload } : {}) });
    const desk = () => t.runtime.desk;
    const tenantId = () => t.runtime.config.tenantId;
    const outboxOf = async (threadId: string) =>
      t.runtime.db.query<{ type: string; data: Record<string, unknown> }>(
        `SELECT o.type, o.data FROM outbox o JOIN requests r ON r.tenant_id = o.tenant_id AND r.id = o.request_id
         WHERE r.conversation_id = $1 ORDER BY o.seq`,
        [threadId],
      );

    it('takes a thread over, keeps the agents quiet on it, and hands it back with the summary in the next answer', async () => {
      const first = await desk().ask({ customerId: 'cus_04', text: 'How do I reset my password?' });
      expect(first.status).toBe('delivered');
      const threadId = first.threadId;

      // Two people claim at once: exactly one wins, the other is told who holds it.
      const [a, b] = await Promise.all([
        call('POST', `/v1/conversations/${threadId}/claim`, 'sam'),
        call('POST', `/v1/conversations/${threadId}/claim`, 'kim'),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      expect(statuses).toEqual([200, 409]);
      const [won, lost] = a.statusCode === 200 ? [a, b] : [b, a];
      const winner = won.json<api.Assignment>().holder!;
      expect(lost.json<Problem>()).toMatchObject({ code: 'CONVERSATION_HELD', holder: winner });
      expect(lost.json<Problem>().detail).toContain(winner);
      const other = winner === 'sam' ? 'kim' : 'sam';
      // Claiming what you already hold changes nothing.
      expect((await call('POST', `/v1/conversations/${threadId}/claim`, winner)).statusCode).toBe(200);

      // While a person holds it, the customer's message is theirs to answer: no agent reply.
      const held = await desk().ask({
        customerId: 'cus_04',
        text: 'Actually I also need to change my email',
        threadId,
      });
      expect(held.status).toBe('with_person');
      const agentReplies = await t.runtime.db.query(
        `SELECT 1 FROM messages WHERE conversation_id = $1 AND request_id = $2 AND role = 'agent'`,
        [threadId, held.requestId],
      );
      expect(agentReplies).toHaveLength(0);

      // Only the holder replies; a person always posts as themselves.
      const notHolder = await call('POST', `/v1/conversations/${threadId}/replies`, other, { text: 'Hi!' });
      expect(notHolder.json<Problem>()).toMatchObject({
        status: 409,
        code: 'CONVERSATION_NOT_HELD',
        holder: winner,
      });
      const said = 'I have changed your email to the new address; a confirmation link is on its way.';
      expect(
        (await call('POST', `/v1/conversations/${threadId}/replies`, winner, { text: said })).statusCode,
      ).toBe(201);
      expect((await call('POST', `/v1/conversations/${threadId}/typing`, winner)).statusCode).toBe(204);

      // The customer sees the person join and their reply, named "… from support".
      const seen = (await call('GET', `/v1/conversations/${threadId}`, 'customer')).json<api.Conversation>();
      const name = winner === 'sam' ? 'Sam' : 'Kim';
      expect(seen.messages.at(-1)).toMatchObject({ role: 'human', text: said, from: `${name} from support` });
      const events = await outboxOf(threadId);
      expect(events.find((e) => e.type === 'person.joined')?.data).toMatchObject({
        displayName: `${name} from support`,
      });

      // Hand back: only the holder, and only with a summary.
      expect(
        (
          await call('POST', `/v1/conversations/${threadId}/hand-back`, other, { summary: 'x' })
        ).json<Problem>(),
      ).toMatchObject({ code: 'CONVERSATION_NOT_HELD' });
      expect(
        (
          await call('POST', `/v1/conversations/${threadId}/hand-back`, winner, { summary: '  ' })
        ).json<Problem>(),
      ).toMatchObject({ status: 400, code: 'NOTE_EMPTY' });
      const summary = 'Email changed to the new address; confirmation link sent.';
      const back = await call('POST', `/v1/conversations/${threadId}/hand-back`, winner, { summary });
      expect(back.json()).toMatchObject({ holder: null, inThreadState: true });
      expect((await outboxOf(threadId)).find((e) => e.type === 'person.left')?.data).toMatchObject({
        reason: 'handed_back',
      });

      // The agents answer again, building on what the person said.
      const next = await desk().ask({ customerId: 'cus_04', text: 'How do I reset my password?', threadId });
      expect(next.status).toBe('delivered');
      expect(next.reply).toContain(`Picking up from ${name} on our team: ${summary}`);
      const state = await t.runtime.checkpointer.getTuple({ configurable: { thread_id: threadId } });
      const messages = JSON.stringify(state?.checkpoint.channel_values['messages']);
      expect(messages).toContain(said);
      // …and so does the customer's session memory.
      const remembered = await t.runtime.memory.session.recentInteractions(tenantId(), 'cus_04', 20);
      expect(remembered.map((i) => i.text)).toContain(said);
    }, 120_000);

    it('keeps notes with the team: never in what a customer can read or stream, and refuses empty or oversized ones', async () => {
      const { threadId } = await desk().ask({ customerId: 'cus_04', text: "I can't log in" });
      const secret = 'Customer sounded upset; check the VIP upgrade before replying.';
      expect(
        (await call('POST', `/v1/conversations/${threadId}/notes`, 'kim', { text: secret })).statusCode,
      ).toBe(201);
      expect(
        (await call('POST', `/v1/conversations/${threadId}/notes`, 'kim', { text: '' })).json<Problem>(),
      ).toMatchObject({ status: 400, code: 'NOTE_EMPTY' });
      expect(
        (
          await call('POST', `/v1/conversations/${threadId}/notes`, 'kim', { text: 'x'.repeat(5_001) })
        ).json<Problem>(),
      ).toMatchObject({ status: 413, code: 'NOTE_TOO_LONG' });
      const notes = (await call('GET', `/v1/conversations/${threadId}/notes`, 'ana')).json<{
        notes: api.Note[];
      }>();
      expect(notes.notes.map((n) => n.text)).toEqual([secret]);

      // The customer: refused the notes route and the note's text appears nowhere they can read.
      expect(
        (await call('GET', `/v1/conversations/${threadId}/notes`, 'customer')).json<Problem>(),
      ).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect((await call('GET', `/v1/conversations/${threadId}`, 'customer')).body).not.toContain(
        'VIP upgrade',
      );
      const events = await outboxOf(threadId);
      expect(JSON.stringify(events)).not.toContain('VIP upgrade');
      expect(events.some((e) => e.type === 'note.added')).toBe(true);

      // The streams, read from the start up to an event filed after the note (a person joining, which the
      // customer does see): the team's stream carries the note's event, the customer's never does.
      expect((await call('POST', `/v1/conversations/${threadId}/claim`, 'kim')).statusCode).toBe(200);
      const streamUpToJoin = async (who: string) => {
        const stream = await t.app.inject({
          url: `/v1/conversations/${threadId}/events`,
          headers: { authorization: as[who]! },
          payloadAsStream: true,
        });
        return new Promise<string>((resolve) => {
          let text = '';
          const readable = stream.stream();
          readable.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('event: person.joined')) readable.destroy();
          });
          readable.on('close', () => resolve(text));
        });
      };
      const team = await streamUpToJoin('ana');
      expect(team).toContain('event: note.added');
      expect(team).not.toContain('VIP upgrade');
      const customer = await streamUpToJoin('customer');
      expect(customer).toContain('event: request.settled');
      expect(customer).toContain('event: person.joined');
      expect(customer).not.toContain('note.added');
      expect(customer).not.toContain('VIP upgrade');
    }, 120_000);

    it('lets a person post only as themselves: a body naming someone else is refused', async () => {
      const { threadId } = await desk().ask({ customerId: 'cus_04', text: 'How do I reset my password?' });
      expect((await call('POST', `/v1/conversations/${threadId}/claim`, 'sam')).statusCode).toBe(200);
      for (const [path, body] of [
        ['replies', { text: 'Hello', from: 'Ana from support' }],
        ['replies', { text: 'Hello', author: 'ana' }],
        ['notes', { text: 'A note', author: 'ana' }],
        ['hand-back', { summary: 'Done', by: 'ana' }],
      ] as const) {
        const refused = await call('POST', `/v1/conversations/${threadId}/${path}`, 'sam', body);
        expect(refused.statusCode).toBe(400);
        expect(refused.json<Problem>().code).toBe('VALIDATION_FAILED');
      }
      expect(
        (await call('POST', `/v1/conversations/${threadId}/replies`, 'sam', { text: 'Hello' })).statusCode,
      ).toBe(201);
      expect(
        (await call('POST', `/v1/conversations/${threadId}/notes`, 'sam', { text: 'A note' })).statusCode,
      ).toBe(201);
      const seen = (await call('GET', `/v1/conversations/${threadId}`, 'customer')).json<api.Conversation>();
      expect(seen.messages.at(-1)).toMatchObject({ role: 'human', text: 'Hello', from: 'Sam from support' });
      const notes = (await call('GET', `/v1/conversations/${threadId}/notes`, 'ana')).json<{
        notes: api.Note[];
      }>();
      expect(notes.notes.map((n) => n.author)).toEqual(['sam']);
    }, 120_000);

    it('answers bad claims with problem documents, and lets only supervisors assign others', async () => {
      expect((await call('POST', '/v1/conversations/th_nope/claim', 'sam')).json<Problem>()).toMatchObject({
        status: 404,
        code: 'THREAD_NOT_FOUND',
      });
      expect(
        (await call('POST', '/v1/conversations/th_nope/claim', 'customer')).json<Problem>(),
      ).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
      const { threadId } = await desk().ask({ customerId: 'cus_04', text: 'How do I reset my password?' });
      expect(
        (await call('POST', `/v1/conversations/${threadId}/release`, 'sam')).json<Problem>(),
      ).toMatchObject({
        code: 'CONVERSATION_NOT_HELD',
      });
      expect(
        (
          await call('POST', `/v1/conversations/${threadId}/assign`, 'sam', { assignee: 'kim' })
        ).json<Problem>(),
      ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const assigned = await call('POST', `/v1/conversations/${threadId}/assign`, 'ana', { assignee: 'kim' });
      expect(assigned.json<api.Assignment>()).toMatchObject({
        holder: 'kim',
        displayName: 'Kim from support',
      });
      const mine = (await call('GET', '/v1/inbox?view=mine', 'kim')).json<{
        conversations: api.InboxRow[];
      }>();
      expect(mine.conversations.map((c) => c.threadId)).toContain(threadId);
      expect(mine.conversations.find((c) => c.threadId === threadId)).toMatchObject({
        customerName: 'Daniel Reyes',
        holder: 'kim',
      });

      // Closed (in bulk): nobody can claim it any more.
      const bulk = await call('POST', '/v1/inbox/bulk', 'ana', {
        threadIds: [threadId, 'th_nope'],
        action: 'close',
      });
      expect(bulk.json()).toEqual({
        results: [
          { threadId, ok: true },
          expect.objectContaining({ threadId: 'th_nope', ok: false, code: 'THREAD_NOT_FOUND' }),
        ],
      });
      expect(
        (await call('POST', `/v1/conversations/${threadId}/claim`, 'sam')).json<Problem>(),
      ).toMatchObject({
        status: 409,
        code: 'CONVERSATION_CLOSED',
      });
    }, 120_000);

    it('lists unclaimed hand-offs as unassigned, found by name and priority; an idle hold returns there', async () => {
      const start = await desk().ask({ customerId: 'cus_04', text: "I can't log in" });
      const escalated = await desk().ask({
        customerId: 'cus_04',
        text: 'Still not working',
        threadId: start.threadId,
      });
      expect(escalated.status).toBe('escalated');
      const threadId = start.threadId;
      const inbox = async (query: string) =>
        (await call('GET', `/v1/inbox?${query}`, 'sam')).json<{ conversations: api.InboxRow[] }>()
          .conversations;
      const row = (await inbox('view=unassigned&q=Daniel')).find((r) => r.threadId === threadId)!;
      expect(row).toMatchObject({
        customerName: 'Daniel Reyes',
        subject: "I can't log in",
        holder: null,
        handOff: { approvalId: escalated.approval!.id },
      });
      expect(row.priority).not.toBeNull();
      expect((await inbox(`view=unassigned&priority=${row.priority}`)).map((r) => r.threadId)).toContain(
        threadId,
      );
      const otherPriority = row.priority === 'low' ? 'urgent' : 'low';
      expect((await inbox(`view=unassigned&priority=${otherPriority}`)).map((r) => r.threadId)).not.toContain(
        threadId,
      );
      expect(await inbox('view=unassigned&q=nobody-by-this-name')).toEqual([]);
      expect((await inbox('view=approvals')).map((r) => r.threadId)).toContain(threadId);

      // Claimed, it leaves the queue; left idle, it comes back by itself (the scheduled task).
      expect((await call('POST', `/v1/conversations/${threadId}/claim`, 'sam')).statusCode).toBe(200);
      expect((await inbox('view=unassigned')).map((r) => r.threadId)).not.toContain(threadId);
      // The lapse (2.5 s away) is a timed check: waiting for the work requests left does not wait for it.
      await t.runtime.tasks.drain(2_000);
      await eventually(
        async () =>
          (await inbox('view=unassigned')).some((r) => r.threadId === threadId) ? true : undefined,
        20_000,
      );
      expect((await outboxOf(threadId)).find((e) => e.type === 'person.left')?.data).toMatchObject({
        reason: 'idle',
      });
    }, 120_000);

    it('never gives one message two answers when a claim races the agents', async () => {
      const { threadId } = await desk().ask({ customerId: 'cus_04', text: 'How do I reset my password?' });
      const { request } = await desk().submit({
        customerId: 'cus_04',
        text: 'How do I reset my password?',
        threadId,
      });
      await call('POST', `/v1/conversations/${threadId}/claim`, 'kim');
      const settled = await desk().settled(request.id);
      const answers = await t.runtime.db.query(
        `SELECT 1 FROM messages WHERE conversation_id = $1 AND request_id = $2 AND role = 'agent'`,
        [threadId, request.id],
      );
      // Either the agents answered before the claim, or the person has it: exactly one of them.
      expect(answers.length + (settled.status === 'with_person' ? 1 : 0)).toBe(1);

      // The losing side of the race, forced: an agent reply written once the claim is in is refused under
      // the conversation's lock, so nothing reaches the customer.
      const late = await desk().submit({ customerId: 'cus_04', text: 'Hello again', threadId });
      const journal = new StoreJournal(t.runtime.db, t.runtime.stores);
      const run = {
        tenantId: tenantId(),
        requestId: late.request.id,
        customerId: 'cus_04',
        conversationId: threadId,
      };
      await expect(
        journal.recordReply(run, `msg_late_${late.request.id}`, 'An agent answer'),
      ).rejects.toMatchObject({ code: 'CONVERSATION_HELD' });
      const lateAnswers = await t.runtime.db.query(
        `SELECT 1 FROM messages WHERE conversation_id = $1 AND text = 'An agent answer'`,
        [threadId],
      );
      expect(lateAnswers).toEqual([]);
      expect((await desk().settled(late.request.id)).status).toBe('with_person');
    }, 120_000);

    it('filters the inbox by status, intent, language, channel and SLA, and finds by email or words', async () => {
      const inbox = async (query: string) =>
        (await call('GET', `/v1/inbox?limit=200&${query}`, 'sam')).json<{ conversations: api.InboxRow[] }>()
          .conversations;
      const ids = async (query: string) => (await inbox(query)).map((r) => r.threadId);

      // Answered by the agents; waiting on the person who holds it; in Spanish, by email.
      const answered = await desk().ask({
        customerId: 'cus_06',
        text: 'How do I reset my password for the garden shop account?',
      });
      expect(answered.status).toBe('delivered');
      const start = await desk().ask({ customerId: 'cus_06', text: "I can't log in" });
      expect((await call('POST', `/v1/conversations/${start.threadId}/claim`, 'sam')).statusCode).toBe(200);
      const waiting = await desk().ask({
        customerId: 'cus_06',
        text: 'Are you still there?',
        threadId: start.threadId,
      });
      expect(waiting.status).toBe('with_person');
      const spanish = await desk().ask({
        customerId: 'cus_05',
        text: '¿Cómo puedo cambiar la dirección de mi pedido? Gracias por la ayuda',
      });
      await t.runtime.stores.channelEmails.record(tenantId(), {
        id: `eml_${spanish.threadId}`,
        direction: 'in',
        messageId: `<${spanish.threadId}@example.org>`,
        conversationId: spanish.threadId,
        customerId: 'cus_05',
        address: 'emma.lindqvist@example.org',
        subject: 'Dirección',
        status: 'accepted',
      });

      // Status.
      expect(await ids('status=with_person')).toContain(start.threadId);
      expect(await ids('status=with_person')).not.toContain(answered.threadId);
      expect(await ids('status=delivered')).toContain(answered.threadId);
      expect(await ids('status=delivered')).not.toContain(start.threadId);

      // Intent, as triage gave it.
      const answeredRow = (await inbox('view=all&q=garden shop')).find(
        (r) => r.threadId === answered.threadId,
      )!;
      expect(answeredRow.intent).not.toBeNull();
      expect(await ids(`intent=${answeredRow.intent}`)).toContain(answered.threadId);
      expect(await ids('intent=no_such_intent')).toEqual([]);

      // Language of the customer's last message, and the channel.
      expect((await inbox('q=Lindqvist')).find((r) => r.threadId === spanish.threadId)).toMatchObject({
        language: 'es',
        channel: 'email',
      });
      expect(await ids('language=es')).toContain(spanish.threadId);
      expect(await ids('language=es')).not.toContain(answered.threadId);
      expect(await ids('language=en')).toContain(answered.threadId);
      expect(await ids('channel=email')).toEqual([spanish.threadId]);
      expect(await ids('channel=web')).toContain(answered.threadId);
      expect(await ids('channel=web')).not.toContain(spanish.threadId);

      // Search: the customer's email, words of any message (not only the first).
      expect(await ids('q=farid.haddad@example.com')).toEqual(
        expect.arrayContaining([answered.threadId, start.threadId]),
      );
      expect(await ids('q=farid.haddad@example.com')).not.toContain(spanish.threadId);
      expect(await ids('q=garden shop')).toEqual([answered.threadId]);
      expect(await ids('q=still there')).toEqual([start.threadId]);

      // SLA: the unanswered message breaches its (here tiny) target; an answered conversation waits on nothing.
      const row = await eventually(async () => {
        const found = (await inbox('slaBreached=true')).find((r) => r.threadId === start.threadId);
        return found;
      });
      expect(row).toMatchObject({ slaBreached: true, slaTargetMinutes: 0.01 });
      expect(row.waitingSeconds).not.toBeNull();
      expect(await ids('slaBreached=true')).not.toContain(answered.threadId);
      expect(await ids('slaBreached=false')).toContain(answered.threadId);
      expect(await ids('slaBreached=false')).not.toContain(start.threadId);
      expect(answeredRow).toMatchObject({ waitingSeconds: null, slaBreached: false });

      // Bulk assign: to yourself, or (a supervisor) to someone else; each lands in that person's "mine".
      const bulk = await call('POST', '/v1/inbox/bulk', 'sam', {
        threadIds: [answered.threadId],
        action: 'assign',
      });
      expect(bulk.json()).toEqual({ results: [{ threadId: answered.threadId, ok: true }] });
      expect(await ids('view=mine')).toContain(answered.threadId);
      const handed = await call('POST', '/v1/inbox/bulk', 'ana', {
        threadIds: [answered.threadId, spanish.threadId],
        action: 'assign',
        assignee: 'kim',
      });
      expect(handed.json()).toEqual({
        results: [
          { threadId: answered.threadId, ok: true },
          { threadId: spanish.threadId, ok: true },
        ],
      });
      const kims = (await call('GET', '/v1/inbox?view=mine', 'kim')).json<{
        conversations: api.InboxRow[];
      }>();
      expect(kims.conversations.map((r) => r.threadId)).toEqual(
        expect.arrayContaining([answered.threadId, spanish.threadId]),
      );
      expect(await ids('view=mine')).not.toContain(answered.threadId);
    }, 120_000);

    it('names a hand-off reason as a category with the amount as a detail, in the inbox, the approvals and analytics', async () => {
      const stated = await desk().ask({
        customerId: 'cus_01',
        text: 'My espresso machine arrived damaged, I need a refund',
      });
      const waiting = await desk().ask({
        customerId: 'cus_01',
        text: 'Yes please',
        threadId: stated.threadId,
      });
      expect(waiting.status).toBe('awaiting_approval');
      const category = 'A refund is over the limit.';

      const row = (await call('GET', '/v1/inbox?view=approvals&q=Alice', 'ana'))
        .json<{ conversations: api.InboxRow[] }>()
        .conversations.find((r) => r.threadId === stated.threadId);
      expect(row).toMatchObject({
        customerName: 'Alice Moreno',
        handOff: { approvalId: waiting.approval!.id, category, detail: '$749.00' },
      });

      const { approvals } = (await call('GET', '/v1/approvals', 'ana')).json<{
        approvals: Array<Record<string, unknown>>;
      }>();
      expect(approvals.find((a) => a['threadId'] === stated.threadId)).toMatchObject({
        customerName: 'Alice Moreno',
        category,
        detail: '$749.00',
      });
      expect((await call('GET', `/v1/approvals/${waiting.approval!.id}`, 'ana')).json()).toMatchObject({
        customerName: 'Alice Moreno',
        category,
        detail: '$749.00',
      });

      const analytics = (await call('GET', '/v1/analytics', 'ana')).json<api.Analytics>();
      expect(analytics.handoff.reasons[category]).toBeGreaterThanOrEqual(1);
      expect(analytics.handoff.amounts?.[category]).toContain('$749.00');
      // Categories only: no reason is listed once per amount.
      expect(Object.keys(analytics.handoff.reasons).filter((r) => /\d/.test(r))).toEqual([]);

      // The team reads the conversation under the customer's name.
      expect(
        (await call('GET', `/v1/conversations/${stated.threadId}`, 'sam')).json<api.Conversation>(),
      ).toMatchObject({ customerId: 'cus_01', customerName: 'Alice Moreno' });
    }, 120_000);

    it('keeps canned replies a person can add, edit and remove', async () => {
      const made = await call('POST', '/v1/canned-replies', 'sam', {
        title: 'Reset link',
        body: 'Here is the link.',
      });
      expect(made.statusCode).toBe(201);
      const { id } = made.json<api.CannedReply>();
      const edited = await call('PUT', `/v1/canned-replies/${id}`, 'kim', {
        title: 'Reset link',
        body: 'New link.',
      });
      expect(edited.json()).toMatchObject({ id, body: 'New link.', updatedBy: 'kim' });
      const list = (await call('GET', '/v1/canned-replies', 'ana')).json<{
        cannedReplies: api.CannedReply[];
      }>();
      expect(list.cannedReplies.map((c) => c.id)).toContain(id);
      expect((await call('DELETE', `/v1/canned-replies/${id}`, 'sam')).statusCode).toBe(204);
      expect((await call('DELETE', `/v1/canned-replies/${id}`, 'sam')).json<Problem>()).toMatchObject({
        status: 404,
        code: 'CANNED_REPLY_NOT_FOUND',
      });
    }, 60_000);
  });
}
