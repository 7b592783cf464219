/**
 * Shared frontend pieces of the IDP Platform: environment, status and
 * severity chips, the change request approval panel and the card of pending
 * change requests, a text diff view, text for screen readers, backend error
 * descriptions and the configured environments.
 *
 * @packageDocumentation
 */
export * from './components/EnvironmentChip';
export * from './components/StatusChip';
export * from './components/SeverityChip';
export * from './components/ApprovalPanel';
export * from './components/PendingChangeRequests';
export * from './components/DiffView';
export * from './components/VisuallyHidden';
export * from './errors';
export * from './environments';
