import { PluginAction, PluginOperationStep } from './pluginManagerApi';

/** Channel on which the plugin manager reports every step of an operation. @public */
export const PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL =
  'plugin-manager:operations';

/** Channel on which the plugin manager announces a finished health check. @public */
export const PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL = 'plugin-manager:health';

/** Message on {@link PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL}. @public */
export type PluginManagerOperationSignal = {
  operationId: string;
  action: PluginAction;
  package: string;
  version?: string;
  step: PluginOperationStep;
  status: 'running' | 'succeeded' | 'failed';
  message?: string;
  at: string;
};

/** Message on {@link PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL}. @public */
export type PluginManagerHealthSignal = {
  checkedAt: string;
  plugins: { package: string; score: number }[];
};
