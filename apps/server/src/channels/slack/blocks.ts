// The Block Kit messages the team sees: a waiting approval with its buttons, then who answered it.

export interface ApprovalSummary {
  approvalId: string;
  kind: string;
  reason: string;
  threadId: string;
  deadline?: string | undefined;
}

/** Block Kit text is mrkdwn: these three characters must be escaped. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const headline = (approval: ApprovalSummary) =>
  approval.kind === 'decision'
    ? 'A conversation was handed to the team'
    : 'A reply or action is waiting for approval';

export function waitingMessage(approval: ApprovalSummary, dashboardUrl: string | undefined) {
  const text = `${headline(approval)}: ${approval.reason}`;
  const buttons: object[] = [
    {
      type: 'button',
      action_id: 'approve',
      text: { type: 'plain_text', text: 'Approve' },
      style: 'primary',
      value: approval.approvalId,
    },
    {
      type: 'button',
      action_id: 'reject',
      text: { type: 'plain_text', text: 'Reject' },
      style: 'danger',
      value: approval.approvalId,
    },
  ];
  if (dashboardUrl) {
    buttons.push({
      type: 'button',
      action_id: 'open',
      text: { type: 'plain_text', text: 'Open in dashboard' },
      url: `${dashboardUrl.replace(/\/$/, '')}/dashboard/approvals/${encodeURIComponent(approval.approvalId)}`,
    });
  }
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${escape(headline(approval))}*\n${escape(approval.reason)}` },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: escape(
              `Approval ${approval.approvalId} · thread ${approval.threadId}` +
                (approval.deadline ? ` · answer by ${approval.deadline}` : ''),
            ),
          },
        ],
      },
      { type: 'actions', block_id: `approval:${approval.approvalId}`, elements: buttons },
    ],
  };
}

/** The approved action could not be performed: the message says so, beside who approved it. */
export function actionFailedMessage(
  approvalId: string,
  failure: { action: string; why: string; answeredBy: string | undefined },
) {
  const by = failure.answeredBy ? ` (approved by ${failure.answeredBy})` : '';
  const sentence = (line: string) => `${line.replace(/\.$/, '')}.`;
  const text = `Approval ${approvalId}${by}: the approved action could not be performed. ${sentence(failure.action)} Why: ${sentence(failure.why)} The customer has been told; nothing was done.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*Approved action failed*\n${escape(text)}` } },
    ],
  };
}

export function answeredMessage(approvalId: string, decision: string, who: string) {
  const text = `Approval ${approvalId}: ${decision === 'approve' ? 'approved' : 'rejected'} by ${who}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escape(text) } }] };
}
