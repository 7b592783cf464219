export * from './dynamicPlugins';
export * from './pluginManagerApi';
export * from './signals';
