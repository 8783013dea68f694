// Runs the relay's sync half in its own process (for kill -9 tests): `node relay-sync-child.ts <dataDir>`.
// Prints `{"port":N}` on one line once listening, then runs until killed.
import { startSyncRelay } from './relay-sync-harness.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: relay-sync-child.ts <dataDir>');
const relay = await startSyncRelay({ dataDir });
process.stdout.write(`${JSON.stringify({ port: relay.port })}\n`);
process.once('SIGTERM', () => void relay.close().then(() => process.exit(0)));
