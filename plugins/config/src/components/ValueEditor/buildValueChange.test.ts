import { ValueForm, buildValueChange } from './buildValueChange';

const form = (overrides: Partial<ValueForm>): ValueForm => ({
  key: '/database/port',
  layer: '',
  mode: 'value',
  text: '',
  secret: { store: '', key: '', property: '' },
  message: '',
  ...overrides,
});

describe('buildValueChange', () => {
  it('reads JSON values and keeps other text as a string', () => {
    expect(buildValueChange(form({ text: '6432' }), 3, undefined)).toEqual({
      request: {
        version: 3,
        changes: [{ key: '/database/port', value: 6432 }],
      },
      problems: [],
    });
    expect(
      buildValueChange(
        form({ key: '/database/host', text: 'db.prod' }),
        3,
        undefined,
      ).request?.changes[0],
    ).toEqual({ key: '/database/host', value: 'db.prod' });
    expect(
      buildValueChange(form({ text: '"6432"' }), 3, undefined).request
        ?.changes[0],
    ).toEqual({ key: '/database/port', value: '6432' });
  });

  it('writes to an environment layer and removes a key', () => {
    expect(
      buildValueChange(
        form({ layer: 'staging', mode: 'remove', message: ' Unused ' }),
        1,
        undefined,
      ).request,
    ).toEqual({
      version: 1,
      message: 'Unused',
      changes: [
        { environment: 'staging', key: '/database/port', remove: true },
      ],
    });
  });

  it('names the key when it is not a JSON Pointer or a secret reference is incomplete', () => {
    expect(
      buildValueChange(form({ key: 'database.port', text: '1' }), 1, undefined)
        .problems,
    ).toEqual(['database.port: must be a JSON Pointer such as /database/port']);
    expect(
      buildValueChange(
        form({
          key: '/database/password',
          mode: 'secret',
          secret: { store: 'Vault Backend', key: 'payments/db', property: '' },
        }),
        1,
        undefined,
      ).problems,
    ).toEqual(['/database/password: secretRef.store must be a DNS subdomain']);
  });
});
