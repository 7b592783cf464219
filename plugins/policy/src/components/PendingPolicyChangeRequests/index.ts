export { PendingPolicyChangeRequests } from './PendingPolicyChangeRequests';
