export { normaliseAddress, domainOf } from './address.ts';
export { registrableDomain, topLevelDomain } from './registrable-domain.ts';
export { isFreeMailDomain } from './free-mail.ts';
export { countryForDomain, countryName } from './country.ts';
export type { CustomerContact, CustomerLinks, CustomerRecord } from './customer-record.ts';
export { customerKeyFor, customerLinksFrom, type CustomerKey } from './customer-key.ts';
export { mergeCustomers, splitContact, type MergeResult, type SplitResult } from './merge-customers.ts';
export { customerRecordFromView } from './from-customer-doc.ts';
export { candidateCustomerIds, customerIdForKey, newCustomerFor } from './customer-id.ts';
