import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/**
 * Members of the configured admin groups may do everything; everyone else
 * may read. Service-to-service calls never reach a policy.
 */
export class IdpPermissionPolicy implements PermissionPolicy {
  private readonly adminRefs: Set<string>;

  constructor(adminRefs: string[], private readonly userInfo: UserInfoService) {
    this.adminRefs = new Set(
      adminRefs.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (user && (await this.isAdmin(user))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (request.permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    return { result: AuthorizeResult.DENY };
  }

  private async isAdmin(user: PolicyQueryUser): Promise<boolean> {
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs.some(ref =>
      this.adminRefs.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}
