export { ChangeRequestService } from './ChangeRequestService';
export type {
  ChangeRequestActor,
  ChangeRequestCallOptions,
  ChangeRequestOpenOptions,
} from './ChangeRequestService';
export { ChangeRequestStore } from './ChangeRequestStore';
export type { ChangeRequestFilter } from './ChangeRequestStore';
export { changeRequestServiceRef } from './changeRequestServiceRef';
export { createChangeRequestRouter } from './createChangeRequestRouter';
export type { ChangeRequestRouterOptions } from './createChangeRequestRouter';
