import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { mcpServerJsonSchema } from '@idp-platform/backstage-plugin-idp-common';
import { useMemo, useState } from 'react';
import { mcpRegistryApiRef } from '../../api';

const TEMPLATE = JSON.stringify(
  {
    name: 'com.example/my-server',
    description: 'What the server does, in at most 100 characters',
    version: '1.0.0',
    remotes: [
      { type: 'streamable-http', url: 'https://my-server.example.com/mcp' },
    ],
  },
  null,
  2,
);

/** Problems of a server.json text, each naming its field; empty when valid. */
export function validateServerJson(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [`JSON: ${(error as Error).message}`];
  }
  const result = mcpServerJsonSchema.safeParse(parsed);
  if (result.success) return [];
  return result.error.issues.map(
    issue => `${issue.path.join('.') || 'server.json'}: ${issue.message}`,
  );
}

/** Form to register a server.json, validated as you type. */
export function RegisterServerForm(props: {
  onRegistered: (name: string) => void;
}) {
  const api = useApi(mcpRegistryApiRef);
  const [text, setText] = useState(TEMPLATE);
  const [owner, setOwner] = useState('');
  const [hostingComponent, setHostingComponent] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const problems = useMemo(() => validateServerJson(text), [text]);

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const server = mcpServerJsonSchema.parse(JSON.parse(text));
      await api.register({
        server,
        owner,
        hostingComponent: hostingComponent || undefined,
      });
      props.onRegistered(server.name);
    } catch (error) {
      setSubmitError((error as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <InfoCard title="Register an MCP server">
      <TextField
        label="server.json"
        multiline
        minRows={10}
        fullWidth
        variant="outlined"
        value={text}
        onChange={event => setText(event.target.value)}
        error={problems.length > 0}
        inputProps={{ 'aria-label': 'server.json', spellCheck: false }}
      />
      <Box mt={1} aria-live="polite">
        {problems.length ? (
          problems.map(problem => (
            <Typography key={problem} color="error" variant="body2">
              {problem}
            </Typography>
          ))
        ) : (
          <Typography variant="body2">server.json is valid</Typography>
        )}
      </Box>
      <Box mt={2} display="flex" style={{ gap: 16 }}>
        <TextField
          id="mcp-register-owner"
          label="Owner"
          placeholder="group:default/my-team"
          value={owner}
          onChange={event => setOwner(event.target.value)}
          required
        />
        <TextField
          id="mcp-register-hosting-component"
          label="Hosting component (optional)"
          placeholder="component:default/my-service"
          value={hostingComponent}
          onChange={event => setHostingComponent(event.target.value)}
        />
        <Button
          variant="contained"
          color="primary"
          disabled={problems.length > 0 || !owner || submitting}
          onClick={submit}
        >
          Register
        </Button>
      </Box>
      {submitError && (
        <Box mt={1}>
          <Typography color="error">{submitError}</Typography>
        </Box>
      )}
    </InfoCard>
  );
}
