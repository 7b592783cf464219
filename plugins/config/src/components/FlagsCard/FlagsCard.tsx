import { EmptyState, InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tabs from '@material-ui/core/Tabs';
import {
  ConfigChangeResult,
  Environment,
  FeatureFlag,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { FlagEditDialog } from './FlagEditDialog';
import { variantNamesOf } from './buildFeatureFlag';

/** Props of {@link FlagsCard}. */
export interface FlagsCardProps {
  application: string;
  version: number;
  flags: Record<string, FeatureFlag>;
  environments: Environment[];
  canWrite: boolean;
  onChanged: (result: ConfigChangeResult) => void;
}

function describeVariants(flag: FeatureFlag): string {
  if (!flag.variants) return variantNamesOf(flag.type, undefined).join(', ');
  return Object.entries(flag.variants)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(', ');
}

/** The feature flags of one environment at a time: state, variants, default and rollout. */
export function FlagsCard(props: FlagsCardProps) {
  const { application, version, flags, environments, canWrite } = props;
  const [environment, setEnvironment] = useState(environments[0]?.name ?? '');
  // The version is pinned when the dialog opens, so a concurrent change is a 409.
  const [editing, setEditing] = useState<{ key?: string; version: number }>();
  const entries = Object.entries(flags).sort(([a], [b]) => a.localeCompare(b));

  const addButton = (
    <Button
      variant="outlined"
      color="primary"
      disabled={!canWrite || !environment}
      onClick={() => setEditing({ version })}
    >
      Add flag
    </Button>
  );

  return (
    <InfoCard title="Feature flags" action={addButton}>
      <Tabs
        value={environment}
        onChange={(_event, value) => setEnvironment(value)}
        indicatorColor="primary"
        aria-label="Environment of the flags"
      >
        {environments.map(e => (
          <Tab key={e.name} value={e.name} label={e.title ?? e.name} />
        ))}
      </Tabs>
      {entries.length === 0 ? (
        <EmptyState
          missing="data"
          title="No feature flags"
          description="Flags are exported per environment in flagd's format."
        />
      ) : (
        <Table size="small" aria-label={`Feature flags in ${environment}`}>
          <TableHead>
            <TableRow>
              <TableCell>Flag</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Variants</TableCell>
              <TableCell>Default</TableCell>
              <TableCell>Rollout</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map(([key, flag]) => {
              const settings = flag.environments[environment];
              return (
                <TableRow key={key}>
                  <TableCell component="th" scope="row">
                    {key}
                    {flag.description && (
                      <Box color="text.secondary">{flag.description}</Box>
                    )}
                  </TableCell>
                  <TableCell>
                    {settings ? (
                      <StatusChip
                        status={
                          settings.state === 'ENABLED' ? 'healthy' : 'unknown'
                        }
                        label={settings.state}
                      />
                    ) : (
                      'not set up'
                    )}
                  </TableCell>
                  <TableCell>{describeVariants(flag)}</TableCell>
                  <TableCell>
                    {settings?.defaultVariant ?? flag.defaultVariant}
                  </TableCell>
                  <TableCell>
                    {settings?.rollout
                      ? settings.rollout
                          .map(r => `${r.variant} ${r.percentage}%`)
                          .join(', ')
                      : '—'}
                  </TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      disabled={!canWrite}
                      onClick={() => setEditing({ key, version })}
                      aria-label={`Edit flag ${key}`}
                    >
                      Edit
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {editing && (
        <FlagEditDialog
          application={application}
          version={editing.version}
          environment={environment}
          flagKey={editing.key}
          flag={editing.key ? flags[editing.key] : undefined}
          onClose={() => setEditing(undefined)}
          onSaved={result => {
            setEditing(undefined);
            props.onChanged(result);
          }}
        />
      )}
    </InfoCard>
  );
}
