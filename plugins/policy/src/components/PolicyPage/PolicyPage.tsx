import { useApi } from '@backstage/core-plugin-api';
import {
  Content,
  ContentHeader,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { useSignal } from '@backstage/plugin-signals-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import {
  POLICY_APPLY_SIGNAL_CHANNEL,
  PolicyApplySignal,
  PolicyView,
  policyApplyPermission,
  policyReadPermission,
  policyWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isNotAllowedError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import { useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../../api';
import { PendingPolicyChangeRequests } from '../PendingPolicyChangeRequests';
import { newPolicyText } from '../PolicyEditor';
import { ServiceMapCard, ServiceNode } from '../ServiceMap';
import { PoliciesTable } from './PoliciesTable';
import { PolicyWorkbench } from './PolicyWorkbench';

type Selection =
  | { kind: 'policy'; name: string }
  | { kind: 'new'; service: string; entityRef?: string };

/**
 * Content of the Policies page: the service map, the policies, the
 * workbench of the selected policy, and applies waiting for approval. Applies
 * announced on the `policy:apply` signal reload what they change.
 */
export function PolicyContent() {
  const api = useApi(policyApiRef);
  const { environments, error: environmentsError } = useEnvironments();
  const write = usePermission({ permission: policyWritePermission });
  const apply = usePermission({ permission: policyApplyPermission });
  const [selection, setSelection] = useState<Selection>();
  const [reloadKey, setReloadKey] = useState(0);
  const { lastSignal } = useSignal<PolicyApplySignal>(
    POLICY_APPLY_SIGNAL_CHANNEL,
  );

  const policies = useAsyncRetry(async (): Promise<PolicyView[]> => {
    const summaries = await api.listPolicies();
    return Promise.all(summaries.map(summary => api.getPolicy(summary.name)));
  }, [api, reloadKey]);

  useEffect(() => {
    if (lastSignal) setReloadKey(key => key + 1);
  }, [lastSignal]);

  const documents = useMemo(
    () => (policies.value ?? []).map(p => p.document),
    [policies.value],
  );
  const selectedPolicy =
    selection?.kind === 'policy'
      ? policies.value?.find(p => p.name === selection.name)
      : undefined;
  const selectedService =
    selection?.kind === 'new' ? selection.service : selectedPolicy?.source;

  const selectService = (node: ServiceNode) => {
    const existing = policies.value?.find(
      p => p.source === node.serviceId || p.entityRef === node.ref,
    );
    setSelection(
      existing
        ? { kind: 'policy', name: existing.name }
        : {
            kind: 'new',
            service: node.serviceId,
            entityRef: node.ref.startsWith('service:') ? undefined : node.ref,
          },
    );
  };

  let body;
  if (policies.loading && !policies.value) {
    body = <Progress />;
  } else if (policies.error) {
    body = isNotAllowedError(policies.error) ? (
      <Alert severity="warning">
        {describeBackendError(policies.error, {
          permission: policyReadPermission,
        })}
      </Alert>
    ) : (
      <ResponseErrorPanel error={policies.error} />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ServiceMapCard
            policies={documents}
            selectedService={selectedService}
            onSelect={selectService}
          />
        </Grid>
        <Grid item xs={12}>
          <InfoCard
            title="Policies"
            action={
              <Button
                color="primary"
                disabled={!write.allowed}
                onClick={() =>
                  setSelection({ kind: 'new', service: 'my-service' })
                }
              >
                New policy
              </Button>
            }
          >
            <PoliciesTable
              policies={policies.value ?? []}
              selected={selectedPolicy?.name}
              onOpen={name => setSelection({ kind: 'policy', name })}
            />
          </InfoCard>
        </Grid>
        {selection?.kind === 'policy' && !selectedPolicy && (
          <Grid item xs={12}>
            <Progress />
          </Grid>
        )}
        {(selection?.kind === 'new' || selectedPolicy) && (
          <Grid item xs={12}>
            <InfoCard
              title={
                selectedPolicy
                  ? `Policy ${selectedPolicy.name} (version ${selectedPolicy.version})`
                  : `New policy for ${selectedService}`
              }
            >
              <PolicyWorkbench
                key={
                  selectedPolicy
                    ? `${selectedPolicy.name}@${selectedPolicy.version}`
                    : `new:${selectedService}`
                }
                policy={selectedPolicy}
                initialText={
                  selection?.kind === 'new'
                    ? newPolicyText(selection.service, selection.entityRef)
                    : ''
                }
                environments={environments}
                canWrite={!write.loading && write.allowed}
                canApply={!apply.loading && apply.allowed}
                reloadKey={reloadKey}
                onSaved={saved => {
                  setSelection({ kind: 'policy', name: saved.name });
                  policies.retry();
                }}
                onApplied={() => setReloadKey(key => key + 1)}
              />
            </InfoCard>
          </Grid>
        )}
        <Grid item xs={12}>
          <PendingPolicyChangeRequests
            environments={environments}
            reloadKey={reloadKey}
            onDecided={() => setReloadKey(key => key + 1)}
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <Content>
      <ContentHeader title="Service communication policies" />
      {environmentsError && (
        <Box mb={2}>
          <Alert severity="error">
            idp.environments cannot be read: {environmentsError.message}
          </Alert>
        </Box>
      )}
      {body}
    </Content>
  );
}
