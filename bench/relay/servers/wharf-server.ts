// Wharf's relay as it ships: createRelay with its node:sqlite doc store in a fresh temp dir
// (persistence on: an update is acknowledged and fanned out only after it is stored) and auth on:
// the clients sign in as a member granted the `bench` mailbox, so every subscribe and every update
// goes through the access check.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailboxId } from '@wharf/model';
import { createRelay } from '@wharf/relay';
import { serveForBench } from './serve.ts';

const password = 'bench-password-1';

await serveForBench(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'wharf-bench-relay-'));
  const relay = await createRelay({ dataDir, port: 0, host: '127.0.0.1', log: () => {} });
  const { user: admin } = await relay.auth.setup({
    workspaceName: 'Bench',
    name: 'Admin',
    email: 'admin@bench.invalid',
    password,
  });
  const invite = relay.auth.createInvite(admin, { role: 'member', mailboxes: [mailboxId('bench')] });
  const { session } = await relay.auth.acceptInvite(invite, {
    name: 'Member',
    email: 'member@bench.invalid',
    password,
  });
  return {
    endpoint: { target: 'wharf', port: relay.port, token: session },
    close: async () => {
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
