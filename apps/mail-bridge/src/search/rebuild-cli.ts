// `npm run search:rebuild` (`-- --status` only prints the progress): rebuilds the search index of a
// running Wharf and prints progress (done/total, rate, ETA) as JSON lines. Reads WHARF_URL (default
// http://127.0.0.1:8787), WHARF_ADMIN_EMAIL and WHARF_ADMIN_PASSWORD (an admin's sign-in; never printed).
import { printLine } from '../cli-output.ts';
import { followRebuild } from './rebuild-client.ts';

const { WHARF_URL, WHARF_ADMIN_EMAIL: email, WHARF_ADMIN_PASSWORD: password } = process.env;
if (!email || !password) {
  console.error(
    'Set WHARF_ADMIN_EMAIL and WHARF_ADMIN_PASSWORD. 请设置 WHARF_ADMIN_EMAIL 和 WHARF_ADMIN_PASSWORD。',
  );
  process.exit(2);
}
try {
  const status = await followRebuild({
    baseUrl: (WHARF_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, ''),
    email,
    password,
    statusOnly: process.argv.includes('--status'),
    fetch,
    print: printLine,
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  process.exit(status.state === 'failed' ? 1 : 0);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}
