// Server settings for the providers export teams use. `appPassword` says the provider refuses the
// account password over IMAP/SMTP and wants an app password / authorisation code (授权码) instead;
// the hint is shown when a login fails.
export interface ServerSettings {
  host: string;
  port: number;
  /** TLS from the first byte (993/465); false means STARTTLS on a plain port (587). */
  secure: boolean;
}

export interface ProviderPreset {
  id: string;
  name: { en: string; zh: string };
  imap: ServerSettings;
  smtp: ServerSettings;
  appPassword: boolean;
  /** Gmail: threads and labels come from X-GM-THRID / X-GM-LABELS, All Mail holds everything. */
  gmail: boolean;
  /** Providers that file a copy in Sent themselves when mail goes out over their SMTP. */
  savesSentCopy: boolean;
  appPasswordHint: { en: string; zh: string };
}

const tls = (host: string, port: number): ServerSettings => ({ host, port, secure: true });
const starttls = (host: string, port: number): ServerSettings => ({ host, port, secure: false });

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'gmail',
    name: { en: 'Gmail / Google Workspace', zh: 'Gmail / Google Workspace' },
    imap: tls('imap.gmail.com', 993),
    smtp: tls('smtp.gmail.com', 465),
    appPassword: true,
    gmail: true,
    savesSentCopy: true,
    appPasswordHint: {
      en: 'Turn on 2-Step Verification and create an app password at myaccount.google.com/apppasswords.',
      zh: '请开启两步验证，并在 myaccount.google.com/apppasswords 生成应用专用密码。',
    },
  },
  {
    id: 'outlook',
    name: { en: 'Outlook / Microsoft 365', zh: 'Outlook / Microsoft 365' },
    imap: tls('outlook.office365.com', 993),
    smtp: starttls('smtp.office365.com', 587),
    appPassword: false,
    gmail: false,
    savesSentCopy: true,
    appPasswordHint: {
      en: 'Your admin may need to enable IMAP and SMTP AUTH for this mailbox, or use an app password.',
      zh: '可能需要管理员为该邮箱开启 IMAP 与 SMTP AUTH，或使用应用密码。',
    },
  },
  {
    id: 'qq',
    name: { en: 'QQ Mail', zh: 'QQ 邮箱' },
    imap: tls('imap.qq.com', 993),
    smtp: tls('smtp.qq.com', 465),
    appPassword: true,
    gmail: false,
    savesSentCopy: false,
    appPasswordHint: {
      en: 'Enable IMAP/SMTP in QQ Mail settings → Account, and use the authorisation code it generates.',
      zh: '请在 QQ 邮箱「设置 → 账户」中开启 IMAP/SMTP 服务，并使用生成的授权码登录。',
    },
  },
  {
    id: '163',
    name: { en: 'NetEase 163 Mail', zh: '网易 163 邮箱' },
    imap: tls('imap.163.com', 993),
    smtp: tls('smtp.163.com', 465),
    appPassword: true,
    gmail: false,
    savesSentCopy: false,
    appPasswordHint: {
      en: 'Enable IMAP/SMTP in 163 Mail settings and use the client authorisation password.',
      zh: '请在 163 邮箱设置中开启 IMAP/SMTP 服务，并使用客户端授权密码。',
    },
  },
  {
    id: '126',
    name: { en: 'NetEase 126 Mail', zh: '网易 126 邮箱' },
    imap: tls('imap.126.com', 993),
    smtp: tls('smtp.126.com', 465),
    appPassword: true,
    gmail: false,
    savesSentCopy: false,
    appPasswordHint: {
      en: 'Enable IMAP/SMTP in 126 Mail settings and use the client authorisation password.',
      zh: '请在 126 邮箱设置中开启 IMAP/SMTP 服务，并使用客户端授权密码。',
    },
  },
  {
    id: 'aliyun',
    name: { en: 'Alibaba Mail (enterprise)', zh: '阿里企业邮箱' },
    imap: tls('imap.qiye.aliyun.com', 993),
    smtp: tls('smtp.qiye.aliyun.com', 465),
    appPassword: false,
    gmail: false,
    savesSentCopy: false,
    appPasswordHint: {
      en: 'If security login is on, create a third-party client password in the webmail settings.',
      zh: '如已开启安全登录，请在网页版设置中生成三方客户端专用密码。',
    },
  },
  {
    id: 'exmail',
    name: { en: 'Tencent Exmail', zh: '腾讯企业邮' },
    imap: tls('imap.exmail.qq.com', 993),
    smtp: tls('smtp.exmail.qq.com', 465),
    appPassword: false,
    gmail: false,
    savesSentCopy: false,
    appPasswordHint: {
      en: 'If WeChat binding or secure login is on, generate a client-specific password in Settings → Account.',
      zh: '如已绑定微信或开启安全登录，请在「设置 → 账户」中生成客户端专用密码。',
    },
  },
];

export function presetById(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}

/** Guesses the preset from an address domain (custom domains on Exmail/Aliyun are not guessable). */
export function presetForAddress(address: string): ProviderPreset | undefined {
  const domain = address.split('@')[1]?.toLowerCase() ?? '';
  const byDomain: Record<string, string> = {
    'gmail.com': 'gmail',
    'googlemail.com': 'gmail',
    'outlook.com': 'outlook',
    'hotmail.com': 'outlook',
    'live.com': 'outlook',
    'qq.com': 'qq',
    'foxmail.com': 'qq',
    '163.com': '163',
    '126.com': '126',
    'aliyun.com': 'aliyun',
  };
  const id = byDomain[domain];
  return id ? presetById(id) : undefined;
}
