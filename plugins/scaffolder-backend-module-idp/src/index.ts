/**
 * Scaffolder actions `idp:*` of the IDP Platform.
 *
 * @packageDocumentation
 */
export { scaffolderModuleIdp as default } from './module';
export { createMcpRegisterAction } from './actions/createMcpRegisterAction';
