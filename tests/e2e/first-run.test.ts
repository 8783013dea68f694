// [issue 4] First run in the browser against a real relay: create the admin, sign out, a wrong
// password is refused, sign in again, invite a member who accepts in another browser profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp, type ServedWeb } from '../helpers/served-web.ts';

let web: ServedWeb;

beforeAll(async () => {
  web = await serveWebApp();
});

afterAll(async () => {
  await web?.[Symbol.asyncDispose]();
});

describe('first run', () => {
  it('creates the admin, signs out and in, and onboards an invited member', async () => {
    const admin = await (await web.browser.newContext()).newPage();
    await admin.goto(web.relay.url);
    await admin.waitForURL('**/setup');
    await admin.getByLabel('Workspace name').fill('Ningbo Export Co.');
    await admin.getByLabel('Your name').fill('Wang Fang');
    await admin.getByLabel('Email').fill('wang@ningbo.example');
    await admin.getByLabel('Password').fill('correct horse 1');
    await admin.getByRole('button', { name: 'Create workspace' }).click();
    await admin.waitForURL('**/inbox/unassigned');
    await admin.getByText('Nothing here').waitFor();
    // Saved only once the relay acknowledged (here: the docs are subscribed and nothing is pending).
    await admin.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    await admin.getByRole('button', { name: 'Load a demo workspace' }).click();
    // Unassigned: what neither an owner nor a rule took (the demo routes the rest).
    await expect.poll(() => admin.getByTestId('row-count').textContent()).toBe('3');
    await admin.getByRole('link', { name: /Demo · 演示/ }).waitFor();
    await admin.getByTestId('thread-row').filter({ hasText: 'Условия оплаты' }).waitFor();
    await admin.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();

    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForURL('**/login');
    await admin.getByLabel('Email').fill('wang@ningbo.example');
    await admin.getByLabel('Password').fill('wrong password');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').getByText('Wrong email or password').waitFor();
    await admin.getByLabel('Password').fill('correct horse 1');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL('**/inbox/unassigned');

    await admin.getByRole('link', { name: 'Invite a member' }).click();
    await admin.getByRole('button', { name: 'Invite a member' }).click();
    const link = await admin.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/invite\/[^/]+$/);

    const member = await (await web.browser.newContext({ locale: 'zh-CN' })).newPage();
    await member.goto(link);
    await member.getByLabel('你的名字').fill('李雷');
    await member.getByLabel('邮箱').fill('li@ningbo.example');
    await member.getByLabel('密码').fill('another pass 2');
    await member.getByRole('button', { name: '接受邀请' }).click();
    await member.waitForURL('**/inbox/unassigned');
    await member.getByText('这里没有内容').waitFor();

    const members = (await (await admin.request.get(`${web.relay.url}/api/members`)).json()) as {
      members: { id: string; name: string }[];
    };
    expect(members.members.map((m) => m.name).sort()).toEqual(['Wang Fang', '李雷']);

    // Revoked: the relay closes the member's socket for good; the app signs out and drops the
    // local copy.
    await member.locator('[data-testid="sync-status"][data-status="saved"]').waitFor();
    const li = members.members.find((m) => m.name === '李雷')!;
    expect(
      (await admin.request.post(`${web.relay.url}/api/members/${li.id}/revoke`, { data: {} })).status(),
    ).toBe(200);
    await member.waitForURL('**/login');
    await expect.poll(() => member.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
  });
});
