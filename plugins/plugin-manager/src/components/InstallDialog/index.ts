export { InstallDialog } from './InstallDialog';
export type { InstallDialogProps } from './InstallDialog';
export { OperationResultNotice } from './OperationResultNotice';
