// The first steps most full-stack e2e tests take in the browser: the first-run setup page creates
// the workspace and its admin, and a member joins through an invitation link.
import type { Page } from 'playwright-core';

export interface Person {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export const ADA: Person = { name: 'Ada', email: 'ada@wharf.test', password: 'correct horse 1' };
export const BEA: Person = { name: 'Bea', email: 'bea@wharf.test', password: 'another pass 2' };

/** Fills the setup page as `admin` and waits for the inbox. */
export async function createWorkspace(
  page: Page,
  url: string,
  workspaceName: string,
  admin = ADA,
): Promise<void> {
  await page.goto(url);
  await page.waitForURL('**/setup');
  await page.getByLabel('Workspace name').fill(workspaceName);
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.waitForURL('**/inbox/unassigned');
}

/** `admin` invites a member with these mailboxes; `member` accepts as `person` and lands in the inbox. */
export async function joinByInvite(
  admin: Page,
  member: Page,
  url: string,
  mailboxes: readonly string[],
  person = BEA,
): Promise<void> {
  const invite = await admin.request.post(`${url}/api/invites`, { data: { role: 'member', mailboxes } });
  const { url: link } = (await invite.json()) as { url: string };
  await member.goto(link);
  await member.getByLabel('Your name').fill(person.name);
  await member.getByLabel('Email').fill(person.email);
  await member.getByLabel('Password').fill(person.password);
  await member.getByRole('button', { name: 'Accept invitation' }).click();
  await member.waitForURL('**/inbox/unassigned');
}
