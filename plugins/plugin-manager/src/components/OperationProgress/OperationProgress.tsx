import { useSignal } from '@backstage/plugin-signals-react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Alert from '@material-ui/lab/Alert';
import {
  PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL,
  PLUGIN_OPERATION_STEPS,
  PluginManagerOperationSignal,
} from '@idp-platform/backstage-plugin-idp-common';
import { useEffect, useRef, useState } from 'react';
import { describeAction } from './describeAction';

/** Props of {@link OperationProgress}. */
export interface OperationProgressProps {
  /** Called once per operation when it succeeds or fails. */
  onFinished?: (signal: PluginManagerOperationSignal) => void;
}

function title(signal: PluginManagerOperationSignal) {
  const target = signal.version
    ? `${signal.package} ${signal.version}`
    : signal.package;
  if (signal.status === 'running') {
    return `${describeAction(signal.action, 'running')} ${target}: ${
      signal.step
    }`;
  }
  if (signal.status === 'succeeded') {
    return `${describeAction(signal.action, 'done')} ${target}`;
  }
  return `${describeAction(signal.action, 'running')} ${target} failed at ${
    signal.step
  }`;
}

/**
 * The operations the backend reports on `plugin-manager:operations`, live:
 * the current step of each running install, upgrade or rollback with a
 * progress bar, and how each one ended.
 */
export function OperationProgress(props: OperationProgressProps) {
  const { lastSignal } = useSignal<PluginManagerOperationSignal>(
    PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL,
  );
  const [operations, setOperations] = useState<
    Map<string, PluginManagerOperationSignal>
  >(new Map());
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;

  useEffect(() => {
    if (!lastSignal) return;
    setOperations(previous =>
      new Map(previous).set(lastSignal.operationId, lastSignal),
    );
    if (lastSignal.status !== 'running') onFinished.current?.(lastSignal);
  }, [lastSignal]);

  if (operations.size === 0) return null;
  return (
    <Box mb={2} role="status" aria-live="polite" aria-label="Operations">
      {[...operations.values()].reverse().map(signal => {
        const stepIndex = PLUGIN_OPERATION_STEPS.indexOf(signal.step);
        const progress = Math.round(
          ((stepIndex + 1) / PLUGIN_OPERATION_STEPS.length) * 100,
        );
        let severity: 'info' | 'success' | 'error' = 'info';
        if (signal.status === 'succeeded') severity = 'success';
        if (signal.status === 'failed') severity = 'error';
        return (
          <Box key={signal.operationId} mb={1}>
            <Alert
              severity={severity}
              onClose={
                signal.status === 'running'
                  ? undefined
                  : () =>
                      setOperations(previous => {
                        const next = new Map(previous);
                        next.delete(signal.operationId);
                        return next;
                      })
              }
            >
              <div>{title(signal)}</div>
              {signal.message && <div>{signal.message}</div>}
            </Alert>
            {signal.status === 'running' && (
              <LinearProgress
                variant="determinate"
                value={progress}
                aria-label={`${signal.package} progress`}
              />
            )}
          </Box>
        );
      })}
    </Box>
  );
}
