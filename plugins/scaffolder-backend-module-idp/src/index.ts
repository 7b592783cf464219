/**
 * Scaffolder actions `idp:*` of the IDP Platform.
 *
 * @packageDocumentation
 */
export { scaffolderModuleIdp as default } from './module';
export { createConfigCreateAction } from './actions/createConfigCreateAction';
export { createMcpRegisterAction } from './actions/createMcpRegisterAction';
export { createPromotionRegisterAction } from './actions/createPromotionRegisterAction';
