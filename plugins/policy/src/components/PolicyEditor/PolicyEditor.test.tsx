import { PolicyView } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { InMemoryPolicyApi } from '../../__testUtils__/InMemoryPolicyApi';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { PolicyEditor } from './PolicyEditor';

jest.setTimeout(30_000);

function Editor(props: {
  policy: PolicyView;
  onSaved?: (policy: PolicyView) => void;
  canWrite?: boolean;
}) {
  const [text, setText] = useState(props.policy.yaml);
  return (
    <PolicyEditor
      policy={props.policy}
      text={text}
      onTextChange={setText}
      canWrite={props.canWrite ?? true}
      onSaved={props.onSaved ?? (() => {})}
    />
  );
}

async function renderEditor(
  api: InMemoryPolicyApi,
  options: { onSaved?: (policy: PolicyView) => void; canWrite?: boolean } = {},
) {
  const policy = await api.getPolicy('orders');
  await renderWithPolicyApis(<Editor policy={policy} {...options} />, { api });
  return policy;
}

const showYaml = () => {
  fireEvent.click(screen.getByRole('button', { name: 'YAML' }));
  return screen.getByRole('textbox', { name: 'Policy YAML' });
};
const showForm = () =>
  fireEvent.click(screen.getByRole('button', { name: 'Form' }));

describe('PolicyEditor', () => {
  it('carries a form edit into the YAML and a YAML edit back into the form', async () => {
    await renderEditor(shopPolicyApi());
    const ports = within(
      await screen.findByRole('group', { name: 'Destination 1' }),
    ).getByLabelText('Ports');
    fireEvent.change(ports, { target: { value: '8080/http, 8443/grpc' } });
    fireEvent.blur(ports);

    const yamlBox = showYaml() as HTMLTextAreaElement;
    expect(yamlBox.value).toContain(
      '        - port: 8080\n          protocol: HTTP\n        - port: 8443\n          protocol: GRPC',
    );
    // Everything the form does not show survives the round trip.
    expect(yamlBox.value).toContain('name: staff may read orders');
    expect(yamlBox.value).toContain('jwksUri: https://auth.example.com/');

    fireEvent.change(yamlBox, {
      target: {
        value: yamlBox.value.replace('service: payments', 'service: refunds'),
      },
    });
    showForm();
    const first = screen.getByRole('group', { name: 'Destination 1' });
    expect(within(first).getByLabelText('Service')).toHaveValue('refunds');
    expect(within(first).getByLabelText('Ports')).toHaveValue(
      '8080/HTTP, 8443/GRPC',
    );
  });

  it('shows the validation problems at their line in the YAML and next to the field in the form', async () => {
    const api = shopPolicyApi();
    await renderEditor(api);
    const yamlBox = showYaml() as HTMLTextAreaElement;
    const lines = yamlBox.value.split('\n');
    const line = lines.findIndex(l => l.includes('protocol: TCP')) + 1;
    fireEvent.change(yamlBox, {
      target: {
        value: yamlBox.value.replace('protocol: TCP', 'protocol: SMTP'),
      },
    });

    const problems = await screen.findByRole('list', {
      name: 'Problems in the YAML',
    });
    expect(problems).toHaveTextContent(
      new RegExp(
        `^Line ${line}: spec\\.destinations\\.1\\.ports\\.0\\.protocol: Invalid enum value`,
      ),
    );
    expect(screen.getByRole('status')).toHaveTextContent('1 problem to fix');
    expect(screen.getByRole('button', { name: 'Save version' })).toBeDisabled();

    showForm();
    const second = screen.getByRole('group', { name: 'Destination 2' });
    expect(within(second).getByLabelText('Ports')).toHaveAccessibleDescription(
      new RegExp(`Invalid enum value.*\\(line ${line}\\)`),
    );
  });

  it('points at the line where the YAML stops parsing and keeps the form away', async () => {
    await renderEditor(shopPolicyApi());
    const yamlBox = showYaml();
    fireEvent.change(yamlBox, {
      target: { value: 'apiVersion: x\nkind: [unclosed\nspec: {}\n' },
    });
    expect(
      await screen.findByRole('list', { name: 'Problems in the YAML' }),
    ).toHaveTextContent(/^Line \d+: /);
    showForm();
    expect(
      screen.getByText(/The YAML does not parse, so the form cannot show it/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('saves a new version with its message', async () => {
    const api = shopPolicyApi();
    const saved: PolicyView[] = [];
    await renderEditor(api, { onSaved: policy => saved.push(policy) });
    const description = await screen.findByLabelText('Description');
    fireEvent.change(description, { target: { value: 'Orders, reviewed' } });
    fireEvent.blur(description);
    fireEvent.change(screen.getByLabelText('Change message'), {
      target: { value: 'Reviewed with security' },
    });
    await screen.findByText('Valid');
    fireEvent.click(screen.getByRole('button', { name: 'Save version' }));

    expect(
      await screen.findByText('Saved version 2 of orders.'),
    ).toBeInTheDocument();
    expect(saved.map(p => p.version)).toEqual([2]);
    const versions = await api.listVersions('orders');
    expect(versions[0]).toMatchObject({
      version: 2,
      message: 'Reviewed with security',
    });
    expect((await api.getPolicy('orders')).description).toBe(
      'Orders, reviewed',
    );
  });

  it('says the policy changed meanwhile when the saved version is stale', async () => {
    const api = shopPolicyApi();
    const policy = await renderEditor(api);
    await api.updatePolicy('orders', { yaml: policy.yaml, version: 1 });
    const description = await screen.findByLabelText('Description');
    fireEvent.change(description, { target: { value: 'Mine' } });
    fireEvent.blur(description);
    await screen.findByText('Valid');
    fireEvent.click(screen.getByRole('button', { name: 'Save version' }));
    expect(
      await screen.findByText(
        'Changed by someone else since version 1: reload the policy and make your change again.',
      ),
    ).toBeInTheDocument();
  });

  it('keeps the fields read-only and names the permission without write access', async () => {
    await renderEditor(shopPolicyApi(), { canWrite: false });
    expect(await screen.findByLabelText('Description')).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Add destination' }),
    ).toBeDisabled();
    expect(
      screen.getByText(
        'Changing policies needs the permission idp.policy.write.',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Save version' }),
      ).toBeDisabled(),
    );
  });
});
