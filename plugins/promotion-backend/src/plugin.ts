import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { NotFoundError } from '@backstage/errors';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { promotionPermissions } from '@idp-platform/backstage-plugin-idp-common';
import {
  changeRequestServiceRef,
  environmentServiceRef,
  kubernetesServiceRef,
  parseTrustedRoot,
  securityGateServiceRef,
  SigstoreSignatureVerifier,
} from '@idp-platform/backstage-plugin-idp-node';
import { registerPromotionActions } from './actions/registerPromotionActions';
import { PromotionStore } from './database/PromotionStore';
import { loadDemoData } from './demo/loadDemoData';
import { DeploymentExecutor } from './execution/DeploymentExecutor';
import { ApprovalGate } from './gates/ApprovalGate';
import { FreezeWindowGate } from './gates/FreezeWindowGate';
import { PreviousStageGate } from './gates/PreviousStageGate';
import { SecurityGate } from './gates/SecurityGate';
import { SignatureGate } from './gates/SignatureGate';
import { SoakTimeGate } from './gates/SoakTimeGate';
import { FreezeCalendar } from './pipeline/FreezeCalendar';
import { PipelineResolver } from './pipeline/PipelineResolver';
import { readPromotionConfig, SignatureConfig } from './readPromotionConfig';
import { EntityLoader } from './service/EntityLoader';
import { GateEvaluator } from './service/GateEvaluator';
import { PromotionService } from './service/PromotionService';
import { PromotionWorker } from './service/PromotionWorker';
import { createRouter } from './service/router';

function createVerifier(signature: SignatureConfig | undefined) {
  if (!signature) return undefined;
  const trustedRoot = signature.trustedRootPath
    ? parseTrustedRoot(
        JSON.parse(fs.readFileSync(signature.trustedRootPath, 'utf8')),
      )
    : undefined;
  return new SigstoreSignatureVerifier({ ...signature, trustedRoot });
}

/**
 * The promotion backend: immutable artifacts promoted stage by stage through
 * gates and approvals, deployed to Kubernetes, verified, rolled back on
 * failure.
 *
 * @public
 */
export const promotionPlugin = createBackendPlugin({
  pluginId: 'promotion',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        environments: environmentServiceRef,
        kubernetes: kubernetesServiceRef,
        securityGate: securityGateServiceRef,
        changeRequests: changeRequestServiceRef,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const config = readPromotionConfig(
          deps.config,
          deps.environments.list().map(e => e.name),
        );
        deps.permissionsRegistry.addPermissions(promotionPermissions);
        const store = await PromotionStore.create(deps.database);

        const loadEntity: EntityLoader = async entityRef => {
          const entity = await deps.catalog.getEntityByRef(entityRef, {
            credentials: await deps.auth.getOwnServiceCredentials(),
          });
          if (!entity) {
            throw new NotFoundError(`No entity ${entityRef} in the catalog`);
          }
          return entity;
        };
        const pipelines = new PipelineResolver(
          deps.environments,
          config.pipelines,
          config.defaultPipeline,
        );
        const freezeCalendar = new FreezeCalendar(config.freezeWindows);
        const gates = new GateEvaluator(
          [
            new PreviousStageGate(),
            new SoakTimeGate(),
            new FreezeWindowGate(freezeCalendar),
            new SignatureGate(createVerifier(config.signature)),
            new SecurityGate(deps.securityGate),
          ],
          new ApprovalGate(deps.changeRequests),
        );
        const worker = new PromotionWorker({
          store,
          gates,
          executor: new DeploymentExecutor(deps.kubernetes, {
            pollInterval: config.verification.pollInterval,
            verificationTimeout: config.verification.timeout,
            rolloutTimeout: config.verification.rolloutTimeout,
            argoCd: config.argoCd,
          }),
          pipelines,
          loadEntity,
          changeRequests: deps.changeRequests,
          signals: deps.signals,
          auditor: deps.auditor,
          logger: deps.logger,
          leaseDuration: config.worker.leaseDuration,
        });
        const service = new PromotionService({
          store,
          worker,
          pipelines,
          freezeCalendar,
          loadEntity,
          changeRequests: deps.changeRequests,
        });

        if (config.demoData) {
          const directory = path.resolve(config.demoData);
          const added = await loadDemoData(store, directory);
          deps.logger.info(`Loaded ${added} demo promotions from ${directory}`);
        }

        registerPromotionActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });

        // The database holds every promotion's state, so this task also resumes work after a restart.
        await deps.scheduler.scheduleTask({
          id: 'promotion-worker',
          frequency: { milliseconds: config.worker.frequency.toMillis() },
          timeout: { milliseconds: config.worker.leaseDuration.toMillis() },
          fn: async () => {
            await deps.changeRequests.expireDue();
            await worker.runPending();
          },
        });
        deps.lifecycle.addShutdownHook(() => worker.idle());

        deps.httpRouter.use(
          await createRouter({
            service,
            worker,
            changeRequests: deps.changeRequests,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
