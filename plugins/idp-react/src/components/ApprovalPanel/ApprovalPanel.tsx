import { ReactNode } from 'react';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import type {
  ChangeRequest,
  ChangeRequestDecision,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentChip } from '../EnvironmentChip';
import { StatusChip } from '../StatusChip';
import { ApprovalDecisionList } from './ApprovalDecisionList';
import { ChangeRequestHistory } from './ChangeRequestHistory';
import { DecisionForm } from './DecisionForm';
import { Timestamp } from './Timestamp';
import { decisionBlockedReason } from './decisionBlockedReason';

/**
 * Props of {@link ApprovalPanel}.
 *
 * @public
 */
export interface ApprovalPanelProps {
  changeRequest: ChangeRequest;
  /** Entity ref of the signed-in user, for example `user:default/alice`. */
  currentUserRef: string;
  /** Whether the signed-in user holds the permission to decide on this request. */
  canDecide: boolean;
  /** Records a decision; a rejected promise is shown to the user as an error. */
  onDecide: (
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ) => Promise<void>;
  /** The request's environment, to show it as a chip with its protection. */
  environment?: Environment;
}

const useStyles = makeStyles(
  theme => ({
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(2),
      rowGap: theme.spacing(1),
      alignItems: 'center',
      margin: 0,
      '& dd': {
        margin: 0,
      },
    },
    section: {
      marginTop: theme.spacing(3),
    },
    approvers: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5),
    },
  }),
  { name: 'IdpApprovalPanel' },
);

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section} aria-label={props.title}>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/**
 * One change request: its facts, approval progress, eligible approvers,
 * decisions and state history, with Approve and Reject for the current user.
 * The buttons are disabled, with the reason shown, for the requester, for
 * someone who has already decided or lacks permission, and once the request is
 * no longer pending.
 *
 * @public
 */
export function ApprovalPanel(props: ApprovalPanelProps) {
  const { changeRequest, currentUserRef, canDecide, onDecide, environment } =
    props;
  const classes = useStyles();
  const approvalCount = changeRequest.approvals.filter(
    a => a.decision === 'approve',
  ).length;
  const required = changeRequest.requiredApprovals;
  const now = new Date();
  const isPastExpiry =
    new Date(changeRequest.expiresAt).getTime() <= now.getTime();
  const blockedReason = decisionBlockedReason({
    changeRequest,
    currentUserRef,
    canDecide,
    now,
  });

  return (
    <InfoCard
      title={changeRequest.title}
      subheader={`${changeRequest.pluginId} · ${changeRequest.kind}`}
    >
      {changeRequest.description && (
        <Typography variant="body2" paragraph>
          {changeRequest.description}
        </Typography>
      )}
      <dl className={classes.facts}>
        <dt>State</dt>
        <dd>
          <StatusChip status={changeRequest.state} />
        </dd>
        <dt>Environment</dt>
        <dd>
          {environment ? (
            <EnvironmentChip environment={environment} />
          ) : (
            changeRequest.environment
          )}
        </dd>
        <dt>Requested by</dt>
        <dd>{changeRequest.requester}</dd>
        <dt>Requested</dt>
        <dd>
          <Timestamp value={changeRequest.createdAt} />
        </dd>
        <dt>{isPastExpiry ? 'Expired' : 'Expires'}</dt>
        <dd>
          <Timestamp value={changeRequest.expiresAt} />
        </dd>
      </dl>

      <Section title="Approvals">
        {required > 0 ? (
          <>
            <Typography variant="body2" gutterBottom>
              {approvalCount} of {required} approvals
            </Typography>
            <LinearProgress
              variant="determinate"
              value={Math.min(100, (approvalCount / required) * 100)}
              aria-label={`${approvalCount} of ${required} approvals`}
            />
          </>
        ) : (
          <Typography variant="body2">No approvals required</Typography>
        )}
      </Section>

      <Section title="Eligible approvers">
        {changeRequest.approvers.length > 0 ? (
          <div className={classes.approvers}>
            {changeRequest.approvers.map(approver => (
              <Chip key={approver} size="small" label={approver} />
            ))}
          </div>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No approvers listed.
          </Typography>
        )}
      </Section>

      <Section title="Your decision">
        <DecisionForm blockedReason={blockedReason} onDecide={onDecide} />
      </Section>

      <Section title="Decisions">
        <ApprovalDecisionList approvals={changeRequest.approvals} />
      </Section>

      <Section title="History">
        <ChangeRequestHistory history={changeRequest.history} />
      </Section>
    </InfoCard>
  );
}
