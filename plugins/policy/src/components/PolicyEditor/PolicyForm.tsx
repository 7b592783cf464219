import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  POLICY_TIERS,
  PolicyProblem,
} from '@idp-platform/backstage-plugin-idp-common';
import { ReactNode } from 'react';
import { CommitOnBlurField } from './CommitOnBlurField';
import { DraftDocument } from './policyDocumentText';
import { formatList, formatPorts, parseList, parsePorts } from './portsText';

/** Props of {@link PolicyForm}. */
export interface PolicyFormProps {
  document: DraftDocument;
  onChange: (document: DraftDocument) => void;
  problems: PolicyProblem[];
  /** A stored policy keeps its name. */
  nameLocked: boolean;
  disabled?: boolean;
}

const RESTRICTIONS: { key: string; label: string }[] = [
  { key: 'denyExternalServices', label: 'Deny calls outside the cluster' },
  { key: 'allowMonitoringTools', label: 'Let monitoring tools scrape it' },
  { key: 'allowLoggingAgents', label: 'Let it reach the logging agents' },
];

const clone = (document: DraftDocument): DraftDocument =>
  JSON.parse(JSON.stringify(document));

/** Problems at a path or under it, as one helper text. */
function problemsAt(problems: PolicyProblem[], path: string) {
  const found = problems.filter(
    p => p.path === path || p.path.startsWith(`${path}.`),
  );
  if (!found.length) return undefined;
  return found
    .map(p => (p.line ? `${p.message} (line ${p.line})` : p.message))
    .join('; ');
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt={3} aria-label={props.title}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/**
 * The policy as a form: name, source service and tier, destinations with
 * ports, paths and methods, denied destinations and restrictions. Each
 * field shows the validation problems at its path; access rules and
 * scenarios are edited in the YAML view.
 */
export function PolicyForm(props: PolicyFormProps) {
  const { document, onChange, problems, nameLocked, disabled } = props;
  const metadata = document.metadata ?? {};
  const spec = document.spec ?? {};
  const source = spec.source ?? {};
  const destinations: any[] = Array.isArray(spec.destinations)
    ? spec.destinations
    : [];
  const denied: any[] = Array.isArray(spec.deniedDestinations)
    ? spec.deniedDestinations
    : [];
  const restrictions = spec.restrictions ?? {};

  const update = (change: (draft: DraftDocument) => void) => {
    const draft = clone(document);
    draft.metadata = draft.metadata ?? {};
    draft.spec = draft.spec ?? {};
    draft.spec.source = draft.spec.source ?? {};
    draft.spec.destinations = draft.spec.destinations ?? [];
    draft.spec.deniedDestinations = draft.spec.deniedDestinations ?? [];
    change(draft);
    onChange(draft);
  };
  const setOrDelete = (target: any, key: string, value: unknown) => {
    if (value === undefined || value === '') delete target[key];
    else target[key] = value;
  };
  const fieldProblem = (path: string) => {
    const text = problemsAt(problems, path);
    return { error: Boolean(text), helperText: text };
  };

  const otherProblems = problems.filter(
    p =>
      !/^(metadata\.(name|description)|spec\.(source|destinations|deniedDestinations|restrictions))(\.|$)/.test(
        p.path,
      ),
  );
  const rules = spec.accessRules?.rules?.length ?? 0;
  const scenarios = Array.isArray(spec.scenarios) ? spec.scenarios.length : 0;

  return (
    <Box
      component="form"
      aria-label="Policy form"
      onSubmit={e => e.preventDefault()}
    >
      {otherProblems.map((problem, index) => (
        <FormHelperText key={index} error>
          {problem.line ? `Line ${problem.line}: ` : ''}
          {problem.message}
        </FormHelperText>
      ))}
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <CommitOnBlurField
            label="Name"
            fullWidth
            disabled={disabled || nameLocked}
            value={metadata.name ?? ''}
            onCommit={value =>
              update(d => setOrDelete(d.metadata, 'name', value))
            }
            {...fieldProblem('metadata.name')}
          />
        </Grid>
        <Grid item xs={12} md={8}>
          <CommitOnBlurField
            label="Description"
            fullWidth
            disabled={disabled}
            value={metadata.description ?? ''}
            onCommit={value =>
              update(d => setOrDelete(d.metadata, 'description', value))
            }
            {...fieldProblem('metadata.description')}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <CommitOnBlurField
            label="Source service"
            fullWidth
            disabled={disabled}
            value={source.service ?? ''}
            onCommit={value =>
              update(d => setOrDelete(d.spec.source, 'service', value))
            }
            {...fieldProblem('spec.source.service')}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <TextField
            select
            id="policy-source-tier"
            label="Tier"
            fullWidth
            disabled={disabled}
            value={source.tier ?? ''}
            onChange={event =>
              update(d =>
                setOrDelete(d.spec.source, 'tier', event.target.value),
              )
            }
            {...fieldProblem('spec.source.tier')}
          >
            <MenuItem value="">From the catalog</MenuItem>
            {POLICY_TIERS.map(tier => (
              <MenuItem key={tier} value={tier}>
                {tier}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      </Grid>

      <Section title="Allowed destinations">
        {destinations.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No destinations: the service may call nothing (default deny).
          </Typography>
        )}
        {destinations.map((destination, index) => {
          const path = `spec.destinations.${index}`;
          return (
            <Grid
              container
              spacing={1}
              key={index}
              alignItems="flex-start"
              role="group"
              aria-label={`Destination ${index + 1}`}
            >
              <Grid item xs={12} md={3}>
                <CommitOnBlurField
                  label="Service"
                  fullWidth
                  disabled={disabled}
                  value={destination.service ?? ''}
                  onCommit={value =>
                    update(d =>
                      setOrDelete(d.spec.destinations[index], 'service', value),
                    )
                  }
                  {...fieldProblem(`${path}.service`)}
                />
              </Grid>
              <Grid item xs={12} md={3}>
                <CommitOnBlurField
                  label="Ports"
                  placeholder="8080/HTTP, 9090/GRPC"
                  fullWidth
                  disabled={disabled}
                  value={formatPorts(destination.ports)}
                  onCommit={value =>
                    update(d => {
                      d.spec.destinations[index].ports = parsePorts(value);
                    })
                  }
                  {...fieldProblem(`${path}.ports`)}
                />
              </Grid>
              <Grid item xs={12} md={3}>
                <CommitOnBlurField
                  label="Paths"
                  placeholder="/api/*"
                  fullWidth
                  disabled={disabled}
                  value={formatList(destination.paths)}
                  onCommit={value =>
                    update(d =>
                      setOrDelete(
                        d.spec.destinations[index],
                        'paths',
                        parseList(value),
                      ),
                    )
                  }
                  {...fieldProblem(`${path}.paths`)}
                />
              </Grid>
              <Grid item xs={10} md={2}>
                <CommitOnBlurField
                  label="Methods"
                  placeholder="GET, POST"
                  fullWidth
                  disabled={disabled}
                  value={formatList(destination.methods)}
                  onCommit={value =>
                    update(d =>
                      setOrDelete(
                        d.spec.destinations[index],
                        'methods',
                        parseList(value?.toUpperCase()),
                      ),
                    )
                  }
                  {...fieldProblem(`${path}.methods`)}
                />
              </Grid>
              <Grid item xs={2} md={1}>
                <IconButton
                  aria-label={`Remove destination ${
                    destination.service ?? index + 1
                  }`}
                  disabled={disabled}
                  onClick={() =>
                    update(d => d.spec.destinations.splice(index, 1))
                  }
                >
                  <DeleteIcon />
                </IconButton>
              </Grid>
            </Grid>
          );
        })}
        <Button
          size="small"
          disabled={disabled}
          onClick={() =>
            update(d =>
              d.spec.destinations.push({
                service: '',
                ports: [{ port: 8080, protocol: 'HTTP' }],
              }),
            )
          }
        >
          Add destination
        </Button>
      </Section>

      <Section title="Denied destinations">
        {denied.map((destination, index) => {
          const path = `spec.deniedDestinations.${index}`;
          return (
            <Grid
              container
              spacing={1}
              key={index}
              role="group"
              aria-label={`Denied destination ${index + 1}`}
            >
              <Grid item xs={12} md={4}>
                <CommitOnBlurField
                  label="Denied service"
                  fullWidth
                  disabled={disabled}
                  value={destination.service ?? ''}
                  onCommit={value =>
                    update(d =>
                      setOrDelete(
                        d.spec.deniedDestinations[index],
                        'service',
                        value,
                      ),
                    )
                  }
                  {...fieldProblem(`${path}.service`)}
                />
              </Grid>
              <Grid item xs={10} md={4}>
                <CommitOnBlurField
                  label="Denied ports"
                  placeholder="all ports"
                  fullWidth
                  disabled={disabled}
                  value={formatPorts(destination.ports)}
                  onCommit={value =>
                    update(d => {
                      const ports = parsePorts(value);
                      setOrDelete(
                        d.spec.deniedDestinations[index],
                        'ports',
                        ports.length ? ports : undefined,
                      );
                    })
                  }
                  {...fieldProblem(`${path}.ports`)}
                />
              </Grid>
              <Grid item xs={2} md={1}>
                <IconButton
                  aria-label={`Remove denied destination ${
                    destination.service ?? index + 1
                  }`}
                  disabled={disabled}
                  onClick={() =>
                    update(d => d.spec.deniedDestinations.splice(index, 1))
                  }
                >
                  <DeleteIcon />
                </IconButton>
              </Grid>
            </Grid>
          );
        })}
        <Button
          size="small"
          disabled={disabled}
          onClick={() =>
            update(d => d.spec.deniedDestinations.push({ service: '' }))
          }
        >
          Add denied destination
        </Button>
      </Section>

      <Section title="Restrictions">
        {RESTRICTIONS.map(restriction => (
          <FormControlLabel
            key={restriction.key}
            control={
              <Checkbox
                disabled={disabled}
                checked={Boolean(restrictions[restriction.key])}
                onChange={event =>
                  update(d => {
                    d.spec.restrictions = d.spec.restrictions ?? {};
                    d.spec.restrictions[restriction.key] = event.target.checked;
                  })
                }
              />
            }
            label={restriction.label}
          />
        ))}
        {problemsAt(problems, 'spec.restrictions') && (
          <FormHelperText error>
            {problemsAt(problems, 'spec.restrictions')}
          </FormHelperText>
        )}
      </Section>

      <Section title="Access rules and scenarios">
        <Typography variant="body2" color="textSecondary">
          {rules} JWT access {rules === 1 ? 'rule' : 'rules'} and {scenarios}{' '}
          {scenarios === 1 ? 'scenario' : 'scenarios'}; edit them in the YAML
          view.
        </Typography>
      </Section>
    </Box>
  );
}
