import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  IDP_ANNOTATIONS,
  POLICY_APPLY_SIGNAL_CHANNEL,
  PolicyApplySignal,
  policyReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  EnvironmentChip,
  describeBackendError,
  isNotAllowedError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../../api';
import { describeServiceRules } from './describeServiceRules';
import { RulesTable } from './RulesTable';

/**
 * The "Policy" tab of a Component: the calls its policy allows or denies
 * (outbound), the services whose policies let them call it or deny it
 * (inbound), its JWT access rules and restrictions, and where its policy is
 * applied. The service is `idp-platform/service-id`, else the entity name.
 */
export function EntityPolicyContent() {
  const { entity } = useEntity();
  const api = useApi(policyApiRef);
  const { environments } = useEnvironments();
  const entityRef = stringifyEntityRef(entity);
  const service =
    entity.metadata.annotations?.[IDP_ANNOTATIONS.serviceId] ??
    entity.metadata.name;
  const tier = entity.metadata.annotations?.[IDP_ANNOTATIONS.policyTier];
  const [reloadKey, setReloadKey] = useState(0);
  const { lastSignal } = useSignal<PolicyApplySignal>(
    POLICY_APPLY_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal) setReloadKey(key => key + 1);
  }, [lastSignal]);

  const rules = useAsyncRetry(async () => {
    const summaries = await api.listPolicies();
    const views = await Promise.all(summaries.map(s => api.getPolicy(s.name)));
    return describeServiceRules(service, entityRef, views);
  }, [api, service, entityRef, reloadKey]);

  if (rules.loading && !rules.value) return <Progress />;
  if (rules.error) {
    return isNotAllowedError(rules.error) ? (
      <Alert severity="warning">
        {describeBackendError(rules.error, {
          permission: policyReadPermission,
        })}
      </Alert>
    ) : (
      <ResponseErrorPanel error={rules.error} />
    );
  }
  const value = rules.value!;
  if (value.policies.length === 0 && value.inbound.length === 0) {
    return (
      <EmptyState
        missing="content"
        title={`No policy covers ${service}`}
        description={`No policy says what ${service}${
          tier ? ` (tier ${tier})` : ''
        } may call or who may call it, so the mesh decides nothing for it yet. Write one on the Policies page.`}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={
            value.policies.length
              ? `Policies of ${service}`
              : `${service} has no policy of its own`
          }
        >
          {value.policies.length === 0 && (
            <Typography variant="body2">
              Other policies name {service}; what it may call is not decided.
            </Typography>
          )}
          {value.policies.map(policy => (
            <Box key={policy.name} mb={2}>
              <Typography variant="subtitle1" component="h3">
                Policy {policy.name}, version {policy.version}
              </Typography>
              {policy.description && (
                <Typography variant="body2" color="textSecondary">
                  {policy.description}
                </Typography>
              )}
              <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 8 }}>
                {policy.environments.map(state => {
                  const environment = environments.find(
                    e => e.name === state.environment,
                  );
                  return (
                    <Box key={state.environment}>
                      {environment ? (
                        <EnvironmentChip environment={environment} />
                      ) : (
                        state.environment
                      )}
                      <Typography variant="caption" display="block">
                        {state.appliedVersion
                          ? `version ${state.appliedVersion} applied`
                          : 'not applied'}
                        {state.pendingChangeRequestId
                          ? ', approval pending'
                          : ''}
                      </Typography>
                    </Box>
                  );
                })}
              </Box>
            </Box>
          ))}
          {value.restrictions.length > 0 && (
            <Box mt={2}>
              <Typography variant="subtitle2" component="h3">
                Restrictions
              </Typography>
              <ul aria-label="Restrictions">
                {value.restrictions.map(restriction => (
                  <li key={restriction}>{restriction}</li>
                ))}
              </ul>
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Outbound: what it may call">
          <RulesTable
            rules={value.outbound}
            label="Outbound rules"
            peerHeading="Destination"
            empty={
              value.policies.length
                ? `The policies of ${service} let it call nothing.`
                : `${service} has no policy of its own, so no outbound rules.`
            }
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Inbound: who may call it">
          <RulesTable
            rules={value.inbound}
            label="Inbound rules"
            peerHeading="Caller"
            empty={`No policy lets another service call ${service}.`}
          />
        </InfoCard>
      </Grid>
      {value.accessRules.length > 0 && (
        <Grid item xs={12}>
          <InfoCard title="Token rules on requests to it">
            <Table size="small" aria-label="Token rules">
              <TableHead>
                <TableRow>
                  <TableCell>Rule</TableCell>
                  <TableCell>Action</TableCell>
                  <TableCell>Claims</TableCell>
                  <TableCell>Requests</TableCell>
                  <TableCell>Time of day</TableCell>
                  <TableCell>Policy</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {value.accessRules.map(rule => (
                  <TableRow key={`${rule.policy}/${rule.name}`}>
                    <TableCell>
                      {rule.name}
                      {rule.description && (
                        <Typography variant="caption" display="block">
                          {rule.description}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{rule.action}</TableCell>
                    <TableCell>
                      {Object.entries(rule.claims ?? {})
                        .map(
                          ([claim, values]) =>
                            `${claim}: ${values.join(' or ')}`,
                        )
                        .join('; ') || 'any token'}
                    </TableCell>
                    <TableCell>
                      {[rule.methods?.join(', '), rule.paths?.join(', ')]
                        .filter(Boolean)
                        .join(' on ') || 'all'}
                    </TableCell>
                    <TableCell>
                      {rule.timeOfDay
                        ? `${rule.timeOfDay.from}–${rule.timeOfDay.to} ${rule.timeOfDay.timeZone}`
                        : 'always'}
                    </TableCell>
                    <TableCell>{rule.policy}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}
