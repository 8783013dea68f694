// Pure: when to send so the mail is on top of the customer's inbox when they start work — their
// next working morning in their own time zone, from a known zone or the customer's country.
import { addDays, instantOf, localDateOf, offsetMinutes, weekdayOf } from '../routing/sla/zoned-time.ts';

/**
 * The main business time zone of a country (ISO 3166 alpha-2 or a common English name). Countries
 * spanning zones get the one most export buyers sit in (US: New York, Russia: Moscow, Brazil:
 * São Paulo, Australia: Sydney); a customer record with its own zone overrides this.
 */
const COUNTRY_ZONES: Record<string, string> = {
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  TW: 'Asia/Taipei',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  ID: 'Asia/Jakarta',
  PH: 'Asia/Manila',
  IN: 'Asia/Kolkata',
  PK: 'Asia/Karachi',
  BD: 'Asia/Dhaka',
  AE: 'Asia/Dubai',
  SA: 'Asia/Riyadh',
  TR: 'Europe/Istanbul',
  IL: 'Asia/Jerusalem',
  RU: 'Europe/Moscow',
  UA: 'Europe/Kyiv',
  PL: 'Europe/Warsaw',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  CH: 'Europe/Zurich',
  AT: 'Europe/Vienna',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  GB: 'Europe/London',
  UK: 'Europe/London',
  IE: 'Europe/Dublin',
  GR: 'Europe/Athens',
  CZ: 'Europe/Prague',
  HU: 'Europe/Budapest',
  RO: 'Europe/Bucharest',
  EG: 'Africa/Cairo',
  NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi',
  ZA: 'Africa/Johannesburg',
  MA: 'Africa/Casablanca',
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  CO: 'America/Bogota',
  PE: 'America/Lima',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
};

const COUNTRY_NAMES: Record<string, string> = {
  china: 'CN',
  'hong kong': 'HK',
  taiwan: 'TW',
  japan: 'JP',
  korea: 'KR',
  'south korea': 'KR',
  singapore: 'SG',
  malaysia: 'MY',
  thailand: 'TH',
  vietnam: 'VN',
  indonesia: 'ID',
  philippines: 'PH',
  india: 'IN',
  pakistan: 'PK',
  bangladesh: 'BD',
  'united arab emirates': 'AE',
  uae: 'AE',
  'saudi arabia': 'SA',
  turkey: 'TR',
  türkiye: 'TR',
  israel: 'IL',
  russia: 'RU',
  ukraine: 'UA',
  poland: 'PL',
  germany: 'DE',
  deutschland: 'DE',
  france: 'FR',
  italy: 'IT',
  spain: 'ES',
  portugal: 'PT',
  netherlands: 'NL',
  belgium: 'BE',
  switzerland: 'CH',
  austria: 'AT',
  sweden: 'SE',
  norway: 'NO',
  denmark: 'DK',
  finland: 'FI',
  'united kingdom': 'GB',
  england: 'GB',
  ireland: 'IE',
  greece: 'GR',
  'czech republic': 'CZ',
  czechia: 'CZ',
  hungary: 'HU',
  romania: 'RO',
  egypt: 'EG',
  nigeria: 'NG',
  kenya: 'KE',
  'south africa': 'ZA',
  morocco: 'MA',
  'united states': 'US',
  usa: 'US',
  canada: 'CA',
  mexico: 'MX',
  brazil: 'BR',
  argentina: 'AR',
  chile: 'CL',
  colombia: 'CO',
  peru: 'PE',
  australia: 'AU',
  'new zealand': 'NZ',
  中国: 'CN',
  德国: 'DE',
  美国: 'US',
  英国: 'GB',
  法国: 'FR',
  日本: 'JP',
  俄罗斯: 'RU',
  巴西: 'BR',
  印度: 'IN',
};

/** The zone for a country code or name; undefined when unknown. */
export function timeZoneForCountry(country: string | null | undefined): string | undefined {
  if (!country) return undefined;
  const trimmed = country.trim();
  const code = /^[a-z]{2}$/i.test(trimmed) ? trimmed.toUpperCase() : COUNTRY_NAMES[trimmed.toLowerCase()];
  return code ? COUNTRY_ZONES[code] : undefined;
}

export interface SendTimeProposal {
  at: number;
  timeZone: string;
  /** The recipient's wall-clock time, e.g. "09:00", for "09:00 in Berlin". */
  localTime: string;
}

/**
 * The next `hour`:00 on a weekday in `timeZone` that is after `now` (the customer's next working
 * morning): before 09:00 on a Tuesday that is today, after it tomorrow, on Friday evening Monday.
 */
export function nextMorning(now: number, timeZone: string, hour = 9): SendTimeProposal {
  let date = localDateOf(now, timeZone);
  for (let i = 0; i < 8; i += 1, date = addDays(date, 1)) {
    const weekday = weekdayOf(date);
    if (weekday === 0 || weekday === 6) continue;
    const at = instantOf(date, hour * 60, timeZone);
    if (at > now) return { at, timeZone, localTime: `${String(hour).padStart(2, '0')}:00` };
  }
  throw new Error('unreachable: a week always has a weekday morning ahead');
}

/** The proposal for a customer: their zone if known, else their country's, else undefined. */
export function proposeSendTime(
  now: number,
  customer: { timeZone?: string | null; country?: string | null } | null | undefined,
  hour = 9,
): SendTimeProposal | undefined {
  const zone = customer?.timeZone ?? timeZoneForCountry(customer?.country);
  if (!zone) return undefined;
  try {
    offsetMinutes(now, zone);
  } catch {
    return undefined; // a zone this runtime does not know
  }
  return nextMorning(now, zone, hour);
}
