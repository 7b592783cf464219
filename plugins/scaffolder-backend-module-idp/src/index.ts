/**
 * Scaffolder actions `idp:*` of the IDP Platform.
 *
 * @packageDocumentation
 */
export { scaffolderModuleIdp as default } from './module';
export { createConfigCreateAction } from './actions/createConfigCreateAction';
export { createLocalPublishAction } from './actions/createLocalPublishAction';
export { createMcpRegisterAction } from './actions/createMcpRegisterAction';
export { createPolicyCreateAction } from './actions/createPolicyCreateAction';
export { createPromotionRegisterAction } from './actions/createPromotionRegisterAction';
