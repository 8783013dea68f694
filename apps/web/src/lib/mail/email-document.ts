// Turns untrusted email HTML into the `srcdoc` of a sandboxed iframe. Three layers, each enough
// on its own for scripts: DOMPurify strips active content, this module rewrites what may fetch
// (remote images until the reader consents, every other URL that is not a plain link), and the
// document carries a CSP that forbids any fetch but inline styles and allowed images. The
// iframe itself is sandboxed without scripts and without same-origin (see email-frame.svelte).
import DOMPurify from 'dompurify';
import { normaliseContentId } from './inline-images.ts';

export interface EmailDocumentOptions {
  /** The reader allowed remote images for this message or its sender. */
  allowRemoteImages: boolean;
  /** `cid:` references (by normalised content id) resolved to data: URLs of the message's inline parts. */
  inlineImages?: ReadonlyMap<string, string>;
}

export interface EmailDocument {
  srcdoc: string;
  /** Remote images (img, srcset, background, CSS url()) that are or would be blocked. */
  remoteImageCount: number;
}

const REMOTE = /^\s*https?:\/\//i;
const LINK_SCHEMES = /^\s*(https?:|mailto:|tel:)/i;
const CSS_URL = /url\(\s*(['"]?)([^'")]*)\1\s*\)/gi;

// Forms, frames, plugins, media and document-level tags either fetch, navigate or submit.
const FORBIDDEN_TAGS = [
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'optgroup',
  'fieldset',
  'label',
  'base',
  'meta',
  'link',
  'script',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'dialog',
  'template',
  'slot',
];
const FORBIDDEN_ATTRIBUTES = [
  'action',
  'formaction',
  'ping',
  'poster',
  'manifest',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'usemap',
  'http-equiv',
  'xmlns',
  'srcdoc',
];

export function contentSecurityPolicy(allowRemoteImages: boolean): string {
  const images = allowRemoteImages ? 'data: cid: https: http:' : 'data: cid:';
  return [
    "default-src 'none'",
    `img-src ${images}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The data: URL of an inline part named by a `cid:` URL, if the app resolved it. */
function inlineImage(url: string, options: EmailDocumentOptions): string | undefined {
  const resolved = options.inlineImages?.get(normaliseContentId(url));
  return resolved?.startsWith('data:image/') ? resolved : undefined;
}

function rewriteCssUrls(css: string, options: EmailDocumentOptions, count: () => void): string {
  const allowRemote = options.allowRemoteImages;
  return (
    css
      .replace(/@import[^;]*;?/gi, '')
      // Remote fonts are never loaded (font-src data:), so they are not offered as images either.
      .replace(/@font-face\s*\{[^}]*\}/gi, '')
      .replace(CSS_URL, (whole, _quote: string, url: string) => {
        if (url.trim().toLowerCase().startsWith('data:image/')) return whole;
        if (url.trim().toLowerCase().startsWith('cid:')) {
          const resolved = inlineImage(url, options);
          return resolved ? `url("${resolved}")` : 'none';
        }
        if (REMOTE.test(url)) {
          count();
          if (allowRemote) return whole;
        }
        return 'none';
      })
  );
}

function rewriteImageAttribute(
  element: Element,
  name: 'src' | 'background',
  options: EmailDocumentOptions,
  count: () => void,
): void {
  const value = element.getAttribute(name);
  if (value === null) return;
  if (value.toLowerCase().startsWith('cid:')) {
    const resolved = inlineImage(value, options);
    if (resolved) element.setAttribute(name, resolved);
    else element.removeAttribute(name);
    return;
  }
  if (value.toLowerCase().startsWith('data:image/')) return;
  if (REMOTE.test(value)) {
    count();
    if (options.allowRemoteImages) return;
  }
  // Relative URLs would resolve against the app's own origin (srcdoc inherits the base URL).
  element.removeAttribute(name);
}

export function buildEmailDocument(html: string, options: EmailDocumentOptions): EmailDocument {
  let remoteImageCount = 0;
  const count = () => {
    remoteImageCount += 1;
  };

  // With RETURN_DOM, DOMPurify hands back the <body> element it sanitised in place.
  const body = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: FORBIDDEN_TAGS,
    FORBID_ATTR: FORBIDDEN_ATTRIBUTES,
    FORCE_BODY: true,
    RETURN_DOM: true,
    ALLOW_DATA_ATTR: false,
  }) as HTMLElement;

  for (const element of Array.from(body.querySelectorAll('*'))) {
    rewriteImageAttribute(element, 'src', options, count);
    rewriteImageAttribute(element, 'background', options, count);
    if (element.hasAttribute('srcset')) {
      if (/https?:\/\//i.test(element.getAttribute('srcset') ?? '')) count();
      if (!options.allowRemoteImages) element.removeAttribute('srcset');
    }
    const style = element.getAttribute('style');
    if (style !== null) element.setAttribute('style', rewriteCssUrls(style, options, count));
    if (element.tagName === 'STYLE')
      element.textContent = rewriteCssUrls(element.textContent ?? '', options, count);
    if (element.tagName === 'A' || element.tagName === 'AREA') {
      const href = element.getAttribute('href');
      if (href === null || !LINK_SCHEMES.test(href)) element.removeAttribute('href');
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    } else if (element.hasAttribute('href')) {
      element.removeAttribute('href');
    }
  }

  const srcdoc = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options.allowRemoteImages)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<style>body{margin:0;padding:12px;font-family:system-ui,sans-serif;font-size:14px;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>',
    `</head><body>${body.innerHTML}</body></html>`,
  ].join('');
  return { srcdoc, remoteImageCount };
}
