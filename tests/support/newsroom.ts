/**
 * A newsroom in a real CMS: one account per role (created from the environment at first start, as
 * an operator would), a second reporter invited and registered through the admin API (so there is
 * always "someone else's" story and file), and each one's admin token.
 */
import { adminToken, requestJson } from './http.ts';
import { TEST_ADMIN } from './test-cms.ts';

export const NEWSROOM_PASSWORD = 'Mat-khau-thu-nghiem-1';
export const NEWSROOM_USERS = {
  reporter: { email: 'phongvien@tintinh.test', name: 'Lê Phóng Viên' },
  editor: { email: 'bientap@tintinh.test', name: 'Trần Biên Tập' },
  chief: { email: 'tongbientap@tintinh.test', name: 'Nguyễn Tổng Biên' },
} as const;
export const SECOND_REPORTER = { email: 'phongvien.hai@tintinh.test', firstname: 'Phạm', lastname: 'Phóng Viên Hai' } as const;

export type NewsroomRoleName = keyof typeof NEWSROOM_USERS;
export type Who = 'admin' | NewsroomRoleName | 'reporter2';

/** What the CMS needs in its environment to create the three first accounts. */
export function newsroomEnv(): NodeJS.ProcessEnv {
  return {
    REPORTER_EMAIL: NEWSROOM_USERS.reporter.email,
    REPORTER_PASSWORD: NEWSROOM_PASSWORD,
    REPORTER_NAME: NEWSROOM_USERS.reporter.name,
    SECTION_EDITOR_EMAIL: NEWSROOM_USERS.editor.email,
    SECTION_EDITOR_PASSWORD: NEWSROOM_PASSWORD,
    SECTION_EDITOR_NAME: NEWSROOM_USERS.editor.name,
    CHIEF_EDITOR_EMAIL: NEWSROOM_USERS.chief.email,
    CHIEF_EDITOR_PASSWORD: NEWSROOM_PASSWORD,
    CHIEF_EDITOR_NAME: NEWSROOM_USERS.chief.name,
  };
}

export const emailOf = (who: Who): string => (who === 'admin' ? TEST_ADMIN.email : who === 'reporter2' ? SECOND_REPORTER.email : NEWSROOM_USERS[who].email);
export const passwordOf = (who: Who): string => (who === 'admin' ? TEST_ADMIN.password : NEWSROOM_PASSWORD);

/** Signs in again: a fresh token for a call that ends its own session (logout, "sign out everywhere"). */
export const signIn = (cmsUrl: string, who: Who) => adminToken(cmsUrl, emailOf(who), passwordOf(who));

/** Invites the second reporter (as the super admin) and registers the account, once. */
async function ensureSecondReporter(cmsUrl: string, admin: string): Promise<void> {
  const roles = await requestJson<{ data: Array<{ id: number; code: string }> }>(`${cmsUrl}/admin/roles`, { token: admin });
  const reporterRole = roles.body.data.find((r) => r.code === 'tt-phong-vien');
  if (!reporterRole) throw new Error('no Phóng viên role');
  const invited = await requestJson<{ data?: { registrationToken?: string } }>(`${cmsUrl}/admin/users`, {
    method: 'POST',
    token: admin,
    json: { email: SECOND_REPORTER.email, firstname: SECOND_REPORTER.firstname, lastname: SECOND_REPORTER.lastname, roles: [reporterRole.id] },
  });
  if (invited.status !== 201 || !invited.body.data?.registrationToken)
    throw new Error(`inviting a second reporter: ${invited.status} ${JSON.stringify(invited.body)}`);
  const registered = await requestJson(`${cmsUrl}/admin/register`, {
    method: 'POST',
    json: {
      registrationToken: invited.body.data.registrationToken,
      userInfo: { firstname: SECOND_REPORTER.firstname, lastname: SECOND_REPORTER.lastname, password: NEWSROOM_PASSWORD },
    },
  });
  if (registered.status !== 200) throw new Error(`registering the second reporter: ${registered.status} ${JSON.stringify(registered.body)}`);
}

/** Every account's token (the super admin's too), the second reporter made first when missing. */
export async function newsroomTokens(cmsUrl: string): Promise<Record<Who, string>> {
  const admin = await signIn(cmsUrl, 'admin');
  const second = await signIn(cmsUrl, 'reporter2').catch(() => null);
  if (!second) await ensureSecondReporter(cmsUrl, admin);
  return {
    admin,
    reporter: await signIn(cmsUrl, 'reporter'),
    reporter2: second ?? (await signIn(cmsUrl, 'reporter2')),
    editor: await signIn(cmsUrl, 'editor'),
    chief: await signIn(cmsUrl, 'chief'),
  };
}
