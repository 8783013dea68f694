// Pure: the registrable domain ("acme.co.uk" for "sales.eu.acme.co.uk").
// A curated subset of the Public Suffix List covering the suffixes export teams meet most; an
// unknown multi-part suffix degrades to "last two labels", which merely groups a little too widely.

const MULTI_PART_SUFFIXES: ReadonlySet<string> = new Set(
  [
    // United Kingdom, Ireland
    'co.uk org.uk me.uk ltd.uk plc.uk net.uk ac.uk gov.uk sch.uk nhs.uk',
    // China, Hong Kong, Macau, Taiwan
    'com.cn net.cn org.cn gov.cn edu.cn ac.cn com.hk org.hk net.hk edu.hk com.mo com.tw org.tw net.tw edu.tw idv.tw',
    // Japan, Korea
    'co.jp ne.jp or.jp ac.jp go.jp ad.jp ed.jp gr.jp lg.jp co.kr or.kr ne.kr re.kr ac.kr go.kr',
    // Oceania
    'com.au net.au org.au edu.au gov.au asn.au id.au co.nz net.nz org.nz ac.nz govt.nz',
    // South and South-East Asia
    'co.in net.in org.in firm.in gen.in ind.in ac.in com.sg edu.sg net.sg org.sg com.my net.my org.my',
    'co.id or.id ac.id web.id co.th in.th ac.th or.th com.vn net.vn edu.vn com.ph net.ph org.ph',
    'com.pk net.pk org.pk com.bd net.bd com.lk com.np',
    // Middle East and Africa
    'com.tr net.tr org.tr gen.tr com.sa net.sa org.sa com.eg co.il org.il ac.il com.qa com.kw com.om com.bh',
    'co.ae co.za org.za net.za com.ng co.ke co.tz com.gh co.ma',
    // Americas
    'com.br net.br org.br ind.br com.mx org.mx com.ar com.co com.pe com.cl com.ec com.uy com.ve com.bo com.py',
    // Europe (most use single-level registrations; these are the common exceptions)
    'co.at or.at com.pl net.pl org.pl com.ua co.ua com.ru com.gr com.cy com.mt co.hu com.es com.pt',
  ]
    .join(' ')
    .split(' '),
);

/** `host` must already be lower case. */
export function registrableDomain(host: string): string {
  const labels = host.split('.').filter((label) => label.length > 0);
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  return MULTI_PART_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}

export function topLevelDomain(host: string): string {
  return host.slice(host.lastIndexOf('.') + 1);
}
