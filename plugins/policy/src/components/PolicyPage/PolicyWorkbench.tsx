import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  Environment,
  PolicyView,
} from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';
import { ApplyPanel } from '../ApplyPanel';
import { EnvironmentComparison } from '../EnvironmentComparison';
import { PolicyEditor, PolicyEditorView } from '../PolicyEditor';
import { SandboxPanel } from '../SandboxPanel';
import { VersionHistory } from '../VersionHistory';

/** Props of {@link PolicyWorkbench}. */
export interface PolicyWorkbenchProps {
  /** The stored policy; a new one when absent. */
  policy?: PolicyView;
  /** The text to start a new policy from. */
  initialText: string;
  environments: Environment[];
  canWrite: boolean;
  canApply: boolean;
  reloadKey: number;
  onSaved: (policy: PolicyView) => void;
  onApplied: () => void;
}

type Section = 'editor' | 'sandbox' | 'apply' | 'environments' | 'history';

/**
 * One policy: edit it (form or YAML), try it in the sandbox, review its
 * impact and apply it, compare environments, and its history with roll back.
 * The sandbox runs the text being edited; the rest work on saved versions.
 */
export function PolicyWorkbench(props: PolicyWorkbenchProps) {
  const {
    policy,
    initialText,
    environments,
    canWrite,
    canApply,
    reloadKey,
    onSaved,
    onApplied,
  } = props;
  const [text, setText] = useState(policy?.yaml ?? initialText);
  const [section, setSection] = useState<Section>('editor');
  const [editorView, setEditorView] = useState<PolicyEditorView>('form');

  return (
    <Box>
      <Tabs
        value={section}
        onChange={(_, value) => setSection(value)}
        indicatorColor="primary"
        variant="scrollable"
        aria-label="Policy sections"
      >
        <Tab value="editor" label="Editor" />
        <Tab value="sandbox" label="Sandbox" />
        <Tab value="apply" label="Impact and apply" disabled={!policy} />
        <Tab value="environments" label="Environments" disabled={!policy} />
        <Tab value="history" label="History" disabled={!policy} />
      </Tabs>
      <Box mt={2}>
        {section === 'editor' && (
          <PolicyEditor
            policy={policy}
            text={text}
            onTextChange={setText}
            canWrite={canWrite}
            onSaved={onSaved}
            view={editorView}
            onViewChange={setEditorView}
          />
        )}
        {section === 'sandbox' && (
          <SandboxPanel text={text} environments={environments} />
        )}
        {section === 'apply' && policy && (
          <ApplyPanel
            policy={policy}
            environments={environments}
            canApply={canApply}
            unsaved={text !== policy.yaml}
            onApplied={onApplied}
          />
        )}
        {section === 'environments' && policy && (
          <EnvironmentComparison
            name={policy.name}
            version={policy.version}
            environments={environments}
            key={reloadKey}
          />
        )}
        {section === 'history' && policy && (
          <VersionHistory
            policy={policy}
            environments={environments}
            canApply={canApply}
            reloadKey={reloadKey}
            onRolledBack={onApplied}
          />
        )}
      </Box>
    </Box>
  );
}
