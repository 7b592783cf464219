import { PluginAction } from '@idp-platform/backstage-plugin-idp-common';

const WORDS: Record<PluginAction, { running: string; done: string }> = {
  install: { running: 'Installing', done: 'Installed' },
  upgrade: { running: 'Upgrading', done: 'Upgraded' },
  disable: { running: 'Disabling', done: 'Disabled' },
  enable: { running: 'Enabling', done: 'Enabled' },
  uninstall: { running: 'Uninstalling', done: 'Uninstalled' },
  rollback: { running: 'Rolling back', done: 'Rolled back' },
  revert: { running: 'Reverting', done: 'Reverted' },
};

/** The verb of an operation while it runs ("Installing") and once done ("Installed"). */
export function describeAction(
  action: PluginAction,
  phase: 'running' | 'done',
): string {
  return WORDS[action][phase];
}
