import { describe, expect, it } from 'vitest';
import { customerId, userId } from '../ids.ts';
import { normaliseAddress } from './address.ts';
import { countryForDomain, countryName } from './country.ts';
import { customerKeyFor, customerLinksFrom } from './customer-key.ts';
import type { CustomerRecord } from './customer-record.ts';
import { isFreeMailDomain } from './free-mail.ts';
import { registrableDomain } from './registrable-domain.ts';

const noLinks = { addresses: {}, domains: {} };

describe('registrable domain', () => {
  it.each([
    ['acme.de', 'acme.de'],
    ['mail.eu.acme.de', 'acme.de'],
    ['sales.acme.co.uk', 'acme.co.uk'],
    ['acme.co.uk', 'acme.co.uk'],
    ['export.huawei.com.cn', 'huawei.com.cn'],
    ['mx.bhp.com.au', 'bhp.com.au'],
    ['jp.toyota.co.jp', 'toyota.co.jp'],
    ['a.b.c.example.com', 'example.com'],
    ['localhost', 'localhost'],
  ])('%s → %s', (host, expected) => expect(registrableDomain(host)).toBe(expected));
});

describe('free mail', () => {
  it('knows the providers export teams meet', () => {
    for (const domain of [
      'gmail.com',
      'googlemail.com',
      'outlook.com',
      'hotmail.com',
      'live.com',
      'yahoo.com',
      'icloud.com',
      'qq.com',
      'foxmail.com',
      '163.com',
      '126.com',
      'yeah.net',
      'sina.com',
      'sohu.com',
      'aliyun.com',
      'mail.ru',
      'yandex.ru',
      'gmx.de',
      'web.de',
      'naver.com',
      'daum.net',
      'proton.me',
      'zoho.com',
      'vip.qq.com',
      'yahoo.co.jp',
    ])
      expect(isFreeMailDomain(domain), domain).toBe(true);
  });

  it('does not mistake a company for a provider', () => {
    for (const domain of ['acme.de', 'google.com', 'qq-valves.com', 'mail.acme.com', 'microsoft.com'])
      expect(isFreeMailDomain(domain), domain).toBe(false);
  });
});

describe('customerKeyFor', () => {
  it('groups business senders by registrable domain, sub-domains included', () => {
    const a = customerKeyFor('Hans.Meier@Acme.de', noLinks);
    const b = customerKeyFor('<einkauf@eu.acme.de>', noLinks);
    expect(a).toEqual({ kind: 'domain', key: 'domain:acme.de', domain: 'acme.de' });
    expect(b?.key).toBe(a?.key);
    expect(customerKeyFor('li@export.sinopec.com.cn', noLinks)?.key).toBe('domain:sinopec.com.cn');
    expect(customerKeyFor('tom@uk.acme.co.uk', noLinks)?.key).toBe('domain:acme.co.uk');
  });

  it('keeps free-mail senders apart', () => {
    const a = customerKeyFor('buyer.one@gmail.com', noLinks);
    const b = customerKeyFor('buyer.two@gmail.com', noLinks);
    expect(a).toEqual({
      kind: 'address',
      key: 'address:buyer.one@gmail.com',
      address: 'buyer.one@gmail.com',
    });
    expect(b?.key).not.toBe(a?.key);
    expect(customerKeyFor('12345@QQ.com', noLinks)?.key).toBe('address:12345@qq.com');
  });

  it('follows a hand-made link before the domain', () => {
    const acme = customerId('acme');
    const links = { addresses: { 'hans.private@gmail.com': acme }, domains: { 'acme-group.com': acme } };
    expect(customerKeyFor('Hans.Private@gmail.com', links)).toMatchObject({
      customerId: acme,
      via: 'address',
    });
    expect(customerKeyFor('x@asia.acme-group.com', links)).toMatchObject({ customerId: acme, via: 'domain' });
  });

  it('derives links from customer records', () => {
    const records: CustomerRecord[] = [
      {
        id: customerId('acme'),
        name: 'Acme',
        domains: ['acme.de'],
        contacts: [{ id: 'k1', name: 'Hans', addresses: ['hans@gmail.com'] }],
        ownerId: userId('anna'),
      },
    ];
    const links = customerLinksFrom(records);
    expect(customerKeyFor('new.person@acme.de', links)).toMatchObject({ customerId: 'acme', via: 'domain' });
    expect(customerKeyFor('hans@gmail.com', links)).toMatchObject({ customerId: 'acme', via: 'address' });
    expect(customerKeyFor('other@gmail.com', links)?.kind).toBe('address');
  });

  it('rejects what is not an address', () => {
    for (const bad of ['', 'nobody', '@acme.de', 'hans@'])
      expect(customerKeyFor(bad, noLinks)).toBeUndefined();
    expect(normaliseAddress(' <A@B.DE.> ')).toBe('a@b.de');
    expect(normaliseAddress('li@ｅｘａｍｐｌｅ．ｃｎ'.replace('@', '＠'))).toBe('li@example.cn');
    expect(customerKeyFor('info@München.de', noLinks)?.key).toBe(
      customerKeyFor('x@xn--mnchen-3ya.de', noLinks)?.key,
    );
    expect(normaliseAddress('a@exa mple.com')).toBeUndefined();
  });
});

describe('country from ccTLD', () => {
  it.each([
    ['acme.de', 'DE'],
    ['acme.co.uk', 'GB'],
    ['huawei.com.cn', 'CN'],
    ['qq.com', 'CN'],
    ['naver.com', 'KR'],
    ['yandex.ru', 'RU'],
    ['firma.com.br', 'BR'],
  ])('%s → %s', (domain, country) => expect(countryForDomain(domain)).toBe(country));

  it('says nothing for generic and vanity TLDs', () => {
    for (const domain of ['acme.com', 'gmail.com', 'startup.io', 'brand.co', 'acme.eu'])
      expect(countryForDomain(domain), domain).toBeUndefined();
  });

  it('names countries in both languages', () => {
    expect(countryName('DE', 'zh')).toBe('德国');
    expect(countryName('DE', 'en')).toBe('Germany');
  });
});
