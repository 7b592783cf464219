/**
 * Shared frontend components of the IDP Platform: environment and status
 * chips, the change request approval panel and a text diff view.
 *
 * @packageDocumentation
 */
export * from './components/EnvironmentChip';
export * from './components/StatusChip';
export * from './components/SeverityChip';
export * from './components/ApprovalPanel';
export * from './components/DiffView';
