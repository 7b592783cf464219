export { ChangeRequestApprovalList } from './ChangeRequestApprovalList';
export type {
  ChangeRequestApprovalListProps,
  ChangeRequestDecisionApi,
} from './ChangeRequestApprovalList';
export { PendingChangeRequestsCard } from './PendingChangeRequestsCard';
export type { PendingChangeRequestsCardProps } from './PendingChangeRequestsCard';
