export { ApprovalPanel } from './ApprovalPanel';
export type { ApprovalPanelProps } from './ApprovalPanel';
