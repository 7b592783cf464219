export { configManagerApiRef } from './ConfigManagerApi';
export type { ConfigManagerApi } from './ConfigManagerApi';
export { ConfigManagerClient } from './ConfigManagerClient';
