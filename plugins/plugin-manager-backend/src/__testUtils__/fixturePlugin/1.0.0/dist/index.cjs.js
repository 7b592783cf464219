'use strict';

Object.defineProperty(exports, '__esModule', { value: true });

var backendPluginApi = require('@backstage/backend-plugin-api');

const helloPlugin = backendPluginApi.createBackendPlugin({
  pluginId: 'hello-fixture',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: backendPluginApi.coreServices.httpRouter,
        config: backendPluginApi.coreServices.rootConfig,
      },
      async init({ httpRouter, config }) {
        const greeting =
          config.getOptionalString('hello.greeting') ?? 'hello';
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        httpRouter.use((req, res, next) => {
          if (req.path === '/hello' || req.path === '/health') {
            res.json({ message: greeting + ' from 1.0.0', version: '1.0.0' });
            return;
          }
          next();
        });
      },
    });
  },
});

exports.default = helloPlugin;
