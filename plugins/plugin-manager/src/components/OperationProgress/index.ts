export { OperationProgress } from './OperationProgress';
export type { OperationProgressProps } from './OperationProgress';
export { describeAction } from './describeAction';
