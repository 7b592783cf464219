import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import { idpPermissions } from '@idp-platform/backstage-plugin-idp-common';
import { IdpPermissionPolicy } from './IdpPermissionPolicy';

const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: ref,
      ownershipEntityRefs:
        ref === 'user:default/admin'
          ? [ref, 'group:default/platform-admins']
          : [ref, 'group:default/team-a'],
    };
  },
});
const policy = new IdpPermissionPolicy(
  ['group:default/Platform-Admins'],
  userInfo,
);
const userQuery = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('IdpPermissionPolicy', () => {
  it('allows admins every permission, matching the group ref case-insensitively', async () => {
    for (const permission of [
      ...idpPermissions,
      catalogEntityDeletePermission,
    ]) {
      const decision = await policy.handle(
        { permission },
        userQuery('user:default/admin'),
      );
      expect({ name: permission.name, ...decision }).toEqual({
        name: permission.name,
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets other users read but not change anything', async () => {
    const user = userQuery('user:default/dana');
    for (const permission of [
      ...idpPermissions,
      catalogEntityReadPermission,
      catalogEntityDeletePermission,
    ]) {
      const decision = await policy.handle({ permission }, user);
      const expected =
        permission.attributes.action === 'read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      expect({ name: permission.name, ...decision }).toEqual({
        name: permission.name,
        result: expected,
      });
    }
  });

  it('denies changes when no user is known', async () => {
    const permission = createPermission({
      name: 'x.update',
      attributes: { action: 'update' },
    });
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
