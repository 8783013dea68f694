// What the thread view says about a message's place on the mail server (model SPEC [SV3], [SV5])
// and its attachment sizes: English is the reference, 简体中文 has the same keys.
export const en = {
  'messageState.removed': (p: { folders: string }) => `Removed from the mail server (was in ${p.folders})`,
  'messageState.trash': (p: { folder: string; folders: string }) =>
    `Deleted in another mail client: moved from ${p.folders} to ${p.folder}`,
  'messageState.junk': (p: { folder: string; folders: string }) =>
    `Marked as junk in another mail client: moved from ${p.folders} to ${p.folder}`,
  'messageState.kept': 'Wharf keeps the message and its attachments.',
  'messageState.approxSize': (p: { size: string }) => `≈ ${p.size}`,
  'messageState.approxSizeHint': 'Estimated from the mail server; exact once downloaded',
};

export const zhCN: typeof en = {
  'messageState.removed': (p) => `已从邮件服务器删除（原在 ${p.folders}）`,
  'messageState.trash': (p) => `已在其他邮件客户端中删除：从 ${p.folders} 移至 ${p.folder}`,
  'messageState.junk': (p) => `已在其他邮件客户端中标记为垃圾邮件：从 ${p.folders} 移至 ${p.folder}`,
  'messageState.kept': 'Wharf 仍保留此邮件及其附件。',
  'messageState.approxSize': (p) => `约 ${p.size}`,
  'messageState.approxSizeHint': '根据邮件服务器估算，下载后显示准确大小',
};
