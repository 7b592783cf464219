import { useApi } from '@backstage/core-plugin-api';
import { CodeSnippet, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { McpToolSummary } from '@idp-platform/backstage-plugin-idp-common';
import { useMemo, useState } from 'react';
import { McpToolInvocationResult, mcpRegistryApiRef } from '../../api';

/**
 * Problems the browser can see before calling: JSON syntax, object shape and
 * required properties. The backend checks the full input schema.
 */
export function checkToolArguments(
  text: string,
  inputSchema: Record<string, unknown> | undefined,
): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [`arguments: ${(error as Error).message}`];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return ['arguments: must be a JSON object'];
  }
  const required = Array.isArray(inputSchema?.required)
    ? (inputSchema!.required as string[])
    : [];
  return required
    .filter(key => !(key in (parsed as object)))
    .map(key => `arguments.${key}: required`);
}

/** Calls one tool with arguments (permission idp.mcp-registry.server.invoke). */
export function TryItPanel(props: {
  serverName: string;
  version: string;
  tool: McpToolSummary;
}) {
  const api = useApi(mcpRegistryApiRef);
  const [text, setText] = useState('{}');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<McpToolInvocationResult>();
  const [error, setError] = useState<Error>();
  const problems = useMemo(
    () => checkToolArguments(text, props.tool.inputSchema),
    [text, props.tool.inputSchema],
  );

  const run = async () => {
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(
        await api.invokeTool(
          props.serverName,
          props.version,
          props.tool.name,
          JSON.parse(text),
        ),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Box mt={2} width="100%">
      <Typography variant="subtitle2">Try it</Typography>
      <TextField
        id={`mcp-try-${props.tool.name}`}
        label={`Arguments of ${props.tool.name}`}
        multiline
        minRows={3}
        fullWidth
        variant="outlined"
        value={text}
        onChange={event => setText(event.target.value)}
        error={problems.length > 0}
        helperText={problems.join('; ') || ' '}
      />
      <Button
        variant="outlined"
        disabled={problems.length > 0 || running}
        onClick={run}
      >
        {running ? 'Calling…' : `Call ${props.tool.name}`}
      </Button>
      {error && <ResponseErrorPanel error={error} />}
      {result && (
        <Box mt={1}>
          <Typography color={result.isError ? 'error' : 'textPrimary'}>
            {result.isError ? 'The tool reported an error' : 'Result'} (
            {result.latencyMs} ms)
          </Typography>
          <CodeSnippet
            language="json"
            text={JSON.stringify(
              result.structuredContent ?? result.content,
              null,
              2,
            )}
          />
        </Box>
      )}
    </Box>
  );
}
