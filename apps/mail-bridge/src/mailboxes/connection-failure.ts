// Pure core: an IMAP/SMTP connection error → the one thing the admin has to fix. Providers say
// "use an app password / authorisation code" in their own words in the server's reply text.
export type FailureKind = 'dns' | 'refused' | 'tls' | 'timeout' | 'auth' | 'app-password-needed' | 'unknown';

export interface ConnectionFailure {
  kind: FailureKind;
  /** What the admin sees, in English and 简体中文; never contains the password. */
  message: { en: string; zh: string };
  /** The server's own words, for support. */
  detail: string;
}

const APP_PASSWORD_PATTERNS = [
  /application-specific password/i, // Gmail
  /app password/i,
  /authori[sz]ed code/i, // QQ: "Please using authorized code to login"
  /授权码|授權碼|客户端专用密码|专用密码/,
  /unsafe login/i, // 163/126
  /web ?login required/i,
  /basicauthblocked|basic authentication is disabled/i, // Microsoft 365
];

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|EPROTO$)/;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  responseText?: unknown;
  response?: unknown;
  authenticationFailed?: unknown;
  responseCode?: unknown;
  serverResponseCode?: unknown;
  cause?: unknown;
}

export function classifyConnectionError(error: unknown): ConnectionFailure {
  const err = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const cause = (typeof err.cause === 'object' && err.cause !== null ? err.cause : {}) as ErrorLike;
  const rawCode = err.code ?? cause.code;
  const code = typeof rawCode === 'string' ? rawCode : '';
  const text = [err.responseText, err.response, err.message, cause.message]
    .filter(Boolean)
    .map(String)
    .join(' | ');
  const detail = text.slice(0, 500);
  const is = (kind: FailureKind, en: string, zh: string): ConnectionFailure => ({
    kind,
    message: { en, zh },
    detail,
  });

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS')
    return is('dns', 'The server name could not be found (DNS).', '无法解析服务器地址（DNS）。');
  if (code === 'ECONNREFUSED')
    return is(
      'refused',
      'The server refused the connection: check host and port.',
      '服务器拒绝连接：请检查地址和端口。',
    );
  if (TLS_CODES.test(code) || /\b(ssl|tls)\b|wrong version number|certificate/i.test(text))
    return is(
      'tls',
      'The secure connection failed: check the TLS setting and port (993/465 use TLS, 143/587 use STARTTLS).',
      '安全连接失败：请检查 TLS 设置与端口（993/465 为 TLS，143/587 为 STARTTLS）。',
    );
  if (/^(ETIMEDOUT|ETIMEOUT|ESOCKET_TIMEOUT|ETIMEDOUT_GREETING)$/.test(code) || /timed? ?out/i.test(text))
    return is('timeout', 'The server did not answer in time.', '服务器响应超时。');
  const authFailed =
    err.authenticationFailed === true ||
    code === 'EAUTH' ||
    /AUTHENTICATIONFAILED|authentication failed|invalid credentials|login fail|535/i.test(text);
  if (APP_PASSWORD_PATTERNS.some((p) => p.test(text)))
    return is(
      'app-password-needed',
      'The provider wants an app password / authorisation code instead of the account password.',
      '该邮箱服务要求使用授权码（应用专用密码）而不是登录密码。',
    );
  if (authFailed) return is('auth', 'The user name or password is wrong.', '用户名或密码错误。');
  return is('unknown', 'The connection failed.', '连接失败。');
}
