import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { ServiceCommunicationPolicy } from '@idp-platform/backstage-plugin-idp-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ServiceNode, buildServiceGraph } from './buildServiceGraph';
import { decideServiceEdges } from './decideServiceEdges';
import { ServiceMap } from './ServiceMap';

/** Props of {@link ServiceMapCard}. */
export interface ServiceMapCardProps {
  /** The latest version of every policy. */
  policies: ServiceCommunicationPolicy[];
  /** The selected service, by service id. */
  selectedService?: string;
  onSelect: (node: ServiceNode) => void;
}

/**
 * The catalog's Components (and Resources with a policy tier) and the calls
 * between them (dependsOn, and consumesApi of an API another Component
 * provides), each call coloured by what the policies decide.
 */
export function ServiceMapCard(props: ServiceMapCardProps) {
  const { policies, selectedService, onSelect } = props;
  const catalogApi = useApi(catalogApiRef);
  const catalog = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: [{ kind: 'Component' }, { kind: 'Resource' }],
          fields: ['kind', 'metadata', 'relations'],
        })
      ).items,
    [catalogApi],
  );
  const map = useMemo(
    () =>
      catalog.value
        ? decideServiceEdges(buildServiceGraph(catalog.value), policies)
        : undefined,
    [catalog.value, policies],
  );

  let body;
  if (catalog.loading) {
    body = <Progress />;
  } else if (catalog.error) {
    body = <ResponseErrorPanel error={catalog.error} />;
  } else if (!map || map.nodes.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No services yet"
        description="Register Components in the catalog, or write a policy, to see them and their calls here."
      />
    );
  } else {
    body = (
      <>
        <Typography variant="body2" color="textSecondary" paragraph>
          Calls from catalog relations and policies, decided by the latest
          version of each policy. Select a service to edit its policy.
        </Typography>
        <ServiceMap
          nodes={map.nodes}
          edges={map.edges}
          selected={map.nodes.find(n => n.serviceId === selectedService)?.ref}
          onSelect={ref => {
            const node = map.nodes.find(n => n.ref === ref);
            if (node) onSelect(node);
          }}
        />
      </>
    );
  }
  return <InfoCard title="Service map">{body}</InfoCard>;
}
