import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  PolicyProblem,
  PolicyView,
  policyWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useEffect, useMemo, useState } from 'react';
import { policyApiRef } from '../../api';
import { ImportWebApplicationDialog } from './ImportWebApplicationDialog';
import { PolicyForm } from './PolicyForm';
import { YamlEditor } from './YamlEditor';
import { parsePolicyText, printPolicyDocument } from './policyDocumentText';

/** Props of {@link PolicyEditor}. */
export interface PolicyEditorProps {
  /** The stored policy; a new one when absent. */
  policy?: PolicyView;
  text: string;
  onTextChange: (text: string) => void;
  canWrite: boolean;
  onSaved: (policy: PolicyView) => void;
  /** Form or YAML, when the caller keeps the choice across remounts. */
  view?: PolicyEditorView;
  onViewChange?: (view: PolicyEditorView) => void;
}

/** The two views of the editor. */
export type PolicyEditorView = 'form' | 'yaml';

const VALIDATE_DELAY_MS = 400;

/**
 * The policy in a form or as YAML, both editing the same text. The backend
 * validates as you type; its problems appear next to the field in the form
 * and at their line in the YAML. Save stores a new version; a version saved
 * by someone else meanwhile is refused and says so.
 */
export function PolicyEditor(props: PolicyEditorProps) {
  const { policy, text, onTextChange, canWrite, onSaved } = props;
  const api = useApi(policyApiRef);
  const [ownView, setOwnView] = useState<PolicyEditorView>('form');
  const view = props.view ?? ownView;
  const setView = (next: PolicyEditorView) => {
    setOwnView(next);
    props.onViewChange?.(next);
  };
  const [problems, setProblems] = useState<PolicyProblem[]>([]);
  const [validating, setValidating] = useState(false);
  const [message, setMessage] = useState('');
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<{
    severity: 'success' | 'info' | 'error';
    text: string;
  }>();
  const parsed = useMemo(() => parsePolicyText(text), [text]);

  useEffect(() => {
    if ('error' in parsed) {
      setProblems([
        {
          severity: 'error',
          code: 'yaml',
          message: parsed.error.message,
          path: '',
          line: parsed.error.line,
        },
      ]);
      return undefined;
    }
    let current = true;
    setValidating(true);
    const timer = setTimeout(() => {
      api
        .validate(text)
        .then(result => {
          if (current) setProblems(result.problems);
        })
        .catch(error => {
          if (current) {
            setProblems([
              {
                severity: 'error',
                code: 'validation-unavailable',
                message: `Could not validate: ${describeBackendError(error)}`,
                path: '',
              },
            ]);
          }
        })
        .finally(() => {
          if (current) setValidating(false);
        });
    }, VALIDATE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, text, parsed]);

  const errors = problems.filter(p => p.severity === 'error');
  const dirty = !policy || policy.yaml !== text;

  const save = async () => {
    setSaving(true);
    setNotice(undefined);
    try {
      const saved = policy
        ? await api.updatePolicy(policy.name, {
            yaml: text,
            version: policy.version,
            message: message || undefined,
          })
        : await api.createPolicy({ yaml: text, message: message || undefined });
      setMessage('');
      setNotice({
        severity: 'success',
        text: `Saved version ${saved.version} of ${saved.name}.`,
      });
      onSaved(saved);
    } catch (error) {
      setNotice({
        severity: 'error',
        text: describeBackendError(error as Error, {
          permission: policyWritePermission,
          conflict: policy
            ? `Changed by someone else since version ${policy.version}: reload the policy and make your change again.`
            : undefined,
        }),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view}
          onChange={(_, value) => value && setView(value)}
          aria-label="Editor view"
        >
          <ToggleButton value="form">Form</ToggleButton>
          <ToggleButton value="yaml">YAML</ToggleButton>
        </ToggleButtonGroup>
        <Typography variant="body2" color="textSecondary" role="status">
          {(() => {
            if (validating) return 'Validating…';
            if (errors.length)
              return `${errors.length} ${
                errors.length === 1 ? 'problem' : 'problems'
              } to fix`;
            if (problems.length) return `Valid, ${problems.length} warnings`;
            return 'Valid';
          })()}
        </Typography>
        {!policy && canWrite && (
          <Button size="small" onClick={() => setImporting(true)}>
            Import WebApplication
          </Button>
        )}
      </Box>
      {view === 'yaml' || 'error' in parsed ? (
        <>
          {view === 'form' && (
            <Alert severity="warning">
              The YAML does not parse, so the form cannot show it: fix it here
              first.
            </Alert>
          )}
          <YamlEditor
            label="Policy YAML"
            value={text}
            onChange={onTextChange}
            problems={problems}
            readOnly={!canWrite}
          />
        </>
      ) : (
        <PolicyForm
          document={parsed.document}
          onChange={document => onTextChange(printPolicyDocument(document))}
          problems={problems}
          nameLocked={Boolean(policy)}
          disabled={!canWrite}
        />
      )}
      <Box mt={3} display="flex" alignItems="flex-start" style={{ gap: 16 }}>
        <TextField
          id="policy-change-message"
          label="Change message"
          size="small"
          value={message}
          onChange={event => setMessage(event.target.value)}
          disabled={!canWrite}
          style={{ flex: 1 }}
        />
        <Button
          variant="contained"
          color="primary"
          onClick={save}
          disabled={!canWrite || saving || !dirty || errors.length > 0}
        >
          {policy ? 'Save version' : 'Create policy'}
        </Button>
      </Box>
      {saving && <LinearProgress aria-label="Saving" />}
      {!canWrite && (
        <Box mt={1}>
          <Alert severity="info">
            Changing policies needs the permission {policyWritePermission.name}.
          </Alert>
        </Box>
      )}
      {importing && (
        <ImportWebApplicationDialog
          onClose={() => setImporting(false)}
          onImported={(yaml, remarks) => {
            setImporting(false);
            onTextChange(yaml);
            setNotice(
              remarks.length
                ? {
                    severity: 'info',
                    text: `Imported: ${remarks
                      .map(r => r.message)
                      .join('; ')}. Review and create the policy.`,
                  }
                : {
                    severity: 'success',
                    text: 'Imported. Review and create the policy.',
                  },
            );
          }}
        />
      )}
      {notice && (
        <Box mt={2}>
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
          >
            {notice.text}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
