// `npm start`: the relay with its data in ./data (WHARF_DATA_DIR), on 127.0.0.1:8787 (HOST, PORT).
import { fileURLToPath } from 'node:url';
import { createRelay } from './create-relay.ts';

const relay = await createRelay({
  dataDir: process.env['WHARF_DATA_DIR'] ?? './data',
  port: Number(process.env['PORT'] ?? 8787),
  host: process.env['HOST'] ?? '127.0.0.1',
  webRoot: process.env['WHARF_WEB_ROOT'] ?? fileURLToPath(new URL('../../web/build', import.meta.url)),
});

// One write, so a reader that sees the URL also sees the first-run hint.
const lines = [`Wharf relay: ${relay.url}`];
if (relay.auth.needsSetup()) {
  lines.push(
    `First run: open ${relay.url} to create the admin account. 首次运行：请打开 ${relay.url} 创建管理员账号。`,
  );
}
console.log(lines.join('\n'));

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`Wharf relay: ${signal}, shutting down. 正在关闭。`);
  relay.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Wharf relay: shutdown failed', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
