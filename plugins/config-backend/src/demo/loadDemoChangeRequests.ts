import fs from 'node:fs/promises';
import path from 'node:path';
import { ForwardedError, InputError, isError } from '@backstage/errors';
import { ApplicationConfigurationSpec } from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestService } from '@idp-platform/backstage-plugin-idp-node';
import {
  SpecOperation,
  applySpecOperations,
} from '../model/applySpecOperations';
import { canonicalJson } from '../model/canonicalJson';
import { flattenSpec } from '../model/flattenSpec';
import { setConfigValue } from '../model/setConfigValue';
import {
  CONFIG_CHANGE_REQUEST_KIND,
  CONFIG_PLUGIN_ID,
  ConfigService,
} from '../service/ConfigService';
import {
  DemoChangeRequest,
  readDemoChangeRequest,
} from './readDemoChangeRequest';

/** What became of one demo change request file. */
export interface DemoChangeRequestOutcome {
  file: string;
  application: string;
  environment: string;
  /**
   * `requested`: a change request was opened now; `already-requested`: one
   * with the same content is pending or approved; `already-applied`: one was
   * applied, or the configuration already has these values; `stored`: the
   * changes did not alter what the environment gets, so no approval was
   * needed and they were stored at once.
   */
  status: 'requested' | 'already-requested' | 'already-applied' | 'stored';
  changeRequestId?: string;
}

/** Options of {@link loadDemoChangeRequests}. */
export interface LoadDemoChangeRequestsOptions {
  service: ConfigService;
  changeRequests: ChangeRequestService;
  /** Folder of demo change request YAML files; a missing folder loads nothing. */
  directory: string;
}

// Leaves, not objects, so an environment left with an empty tree compares equal.
function sameSpec(
  a: ApplicationConfigurationSpec,
  b: ApplicationConfigurationSpec,
): boolean {
  const leaves = (spec: ApplicationConfigurationSpec) =>
    canonicalJson(Object.fromEntries(flattenSpec(spec)));
  return leaves(a) === leaves(b);
}

/** The spec with the demo's changes applied, as `setValues` applies them. */
function withChanges(
  spec: ApplicationConfigurationSpec,
  demo: DemoChangeRequest,
): ApplicationConfigurationSpec {
  let tree = spec.environments[demo.environment];
  for (const change of demo.changes) {
    tree = setConfigValue(
      tree,
      change.key,
      change.remove ? undefined : change.value,
    );
  }
  return {
    ...spec,
    environments: { ...spec.environments, [demo.environment]: tree },
  };
}

async function requestDemoChange(
  options: LoadDemoChangeRequestsOptions,
  file: string,
  demo: DemoChangeRequest,
): Promise<DemoChangeRequestOutcome> {
  const { service, changeRequests } = options;
  const outcome = (
    status: DemoChangeRequestOutcome['status'],
    changeRequestId?: string,
  ): DemoChangeRequestOutcome => ({
    file,
    application: demo.application,
    environment: demo.environment,
    status,
    ...(changeRequestId && { changeRequestId }),
  });

  const view = await service.get(demo.application).catch(error => {
    if (isError(error) && error.name === 'NotFoundError') {
      throw new InputError(
        `Demo change request ${file} is invalid: application: no configuration named ${demo.application}; add it to the demo configurations`,
      );
    }
    throw error;
  });
  const environment = view.environments.find(e => e.name === demo.environment);
  if (!environment) {
    throw new InputError(
      `Demo change request ${file} is invalid: environment: unknown environment "${
        demo.environment
      }"; known: ${view.environments.map(e => e.name).join(', ')}`,
    );
  }
  if (!environment.protected) {
    throw new InputError(
      `Demo change request ${file} is invalid: environment: ${demo.environment} is not protected, so the change would be stored at once instead of waiting for approval`,
    );
  }

  const current: ApplicationConfigurationSpec = {
    values: view.layers.application,
    environments: view.layers['application-environment'],
    flags: view.flags,
    ...(view.schema && { schema: view.schema }),
    ...(view.delivery && { delivery: view.delivery }),
  };
  const requested = withChanges(current, demo);
  if (sameSpec(current, requested)) return outcome('already-applied');

  // Same content: the earlier request's operations give what this file asks for.
  const earlier = await changeRequests.list({
    pluginId: CONFIG_PLUGIN_ID,
    environment: demo.environment,
    states: ['pending', 'approved', 'applied'],
  });
  const same = earlier.find(request => {
    const payload = request.payload as {
      application?: string;
      operations?: SpecOperation[];
    } | null;
    return (
      request.kind === CONFIG_CHANGE_REQUEST_KIND &&
      payload?.application === demo.application &&
      Array.isArray(payload.operations) &&
      sameSpec(applySpecOperations(current, payload.operations), requested)
    );
  });
  if (same) {
    return outcome(
      same.state === 'applied' ? 'already-applied' : 'already-requested',
      same.id,
    );
  }

  try {
    const result = await service.setValues(
      demo.application,
      {
        version: view.version,
        message: demo.reason,
        changes: demo.changes,
      },
      { ref: demo.requestedBy, ownershipEntityRefs: [demo.requestedBy] },
    );
    return result.status === 'applied'
      ? outcome('stored')
      : outcome('requested', result.changeRequest.id);
  } catch (error) {
    throw new ForwardedError(
      `Demo change request ${file} could not be requested`,
      error,
    );
  }
}

/**
 * Requests each configuration change described by a YAML file of
 * `directory` (`{application, environment, requestedBy, reason, changes}`)
 * through the same path as a user's change to a protected environment, with
 * `requestedBy` as the requester, so it waits for approval. A change whose
 * content was already requested (pending, approved or applied) is not
 * requested again, so loading is idempotent.
 */
export async function loadDemoChangeRequests(
  options: LoadDemoChangeRequestsOptions,
): Promise<DemoChangeRequestOutcome[]> {
  const names = await fs.readdir(options.directory).catch(error => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const outcomes: DemoChangeRequestOutcome[] = [];
  for (const name of names.filter(n => /\.ya?ml$/.test(n)).sort()) {
    const file = path.join(options.directory, name);
    const demo = await readDemoChangeRequest(file);
    outcomes.push(await requestDemoChange(options, file, demo));
  }
  return outcomes;
}
