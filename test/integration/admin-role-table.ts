// The one table of who may do what in the dashboard: every exported server action under app/admin and
// every admin route handler, with the lowest role that may call it (owner > editor > viewer), or
// "public" for the two reachable without a session. admin-role-table.test.ts reads the app/ tree and
// fails when something exists that is not listed here, or when its guard asks for another role.
import type { UserRole } from "@/lib/auth/roles";

export type MinimumRole = UserRole | "public";

/** "<file under app/admin>#<export>" → minimum role */
export const ACTION_ROLES: Record<string, MinimumRole> = {
  "actions.ts#signOutAction": "viewer",
  "actions.ts#signOutEverywhereAction": "viewer",
  "account/actions.ts#changePasswordAction": "viewer",
  "sign-in/actions.ts#signInAction": "public",
  "setup/actions.ts#setupOwnerAction": "public",

  "campaigns/actions.ts#countAudienceAction": "viewer",
  "campaigns/actions.ts#saveCampaignAction": "editor",
  "campaigns/actions.ts#sendTestAction": "editor",
  "campaigns/actions.ts#campaignVerbAction": "editor",

  "segments/actions.ts#countSegmentAction": "viewer",
  "segments/actions.ts#saveSegmentAction": "editor",
  "segments/actions.ts#deleteSegmentAction": "editor",

  "subscribers/actions.ts#deleteSubscriberAction": "editor",

  "topics/actions.ts#createTopicAction": "editor",
  "topics/actions.ts#updateTopicAction": "editor",
  "topics/actions.ts#moveTopicAction": "editor",
  "topics/actions.ts#archiveTopicAction": "editor",

  "settings/actions.ts#updateVapidSubjectAction": "owner",
  "settings/actions.ts#rotateVapidKeysAction": "owner",
  "settings/actions.ts#updatePushHostsAction": "owner",
  "settings/actions.ts#updateNotificationDefaultsAction": "owner",
  "settings/api-keys/actions.ts#createApiKeyAction": "owner",
  "settings/api-keys/actions.ts#revokeApiKeyAction": "owner",
  "settings/actions.ts#revealIdentitySecretAction": "owner",
  "settings/actions.ts#rotateIdentitySecretAction": "owner",

  "team/actions.ts#inviteAction": "owner",
  "team/actions.ts#changeRoleAction": "owner",
  "team/actions.ts#removeMemberAction": "owner",
  "team/actions.ts#revokeInvitationAction": "owner",
  "team/actions.ts#resetPasswordAction": "owner",
};

/** "<METHOD> <route file's folder under app/>" → minimum role */
export const ROUTE_ROLES: Record<string, UserRole> = {
  "GET api/admin/me": "viewer",
  "GET api/admin/campaigns/[id]/progress": "viewer",
  "GET api/admin/campaigns/[id]/deliveries": "editor",
  "GET api/admin/subscribers/export": "editor",
  "GET api/admin/subscriptions-export": "owner",
  "POST api/admin/subscriptions-import": "owner",
  "GET api/admin/users": "owner",
};
