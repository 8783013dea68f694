export { normaliseAddress, domainOf } from './address.ts';
export { registrableDomain, topLevelDomain } from './registrable-domain.ts';
export { isFreeMailDomain } from './free-mail.ts';
export { countryForDomain, countryName } from './country.ts';
export type { CustomerContact, CustomerLinks, CustomerRecord } from './customer-record.ts';
export { customerKeyFor, customerLinksFrom, type CustomerKey } from './customer-key.ts';
export { mergeCustomers, splitContact, type MergeResult, type SplitResult } from './merge-customers.ts';
export { customerRecordFromView } from './from-customer-doc.ts';
export { candidateCustomerIds, customerIdForKey, newCustomerFor } from './customer-id.ts';
export { contactIdFor } from './customer-id.ts';
export {
  customerIndexRows,
  customerLinksFromIndex,
  customerList,
  repairCustomerRow,
  summarizeCustomer,
  type CustomerListItem,
  type CustomerRow,
  type CustomerRowTask,
} from './customer-index.ts';
export { mergeCustomerDocs, splitContactOut, splitTargetId } from './merge-customer-docs.ts';
export {
  customerTimeline,
  type CustomerTimeline,
  type TimelineItem,
  type TimelineThread,
} from './customer-timeline.ts';
export { dueItems, type DueItem, type DueItems } from './due-items.ts';
export { DEFAULT_PIPELINE, pipelineStages, setPipelineStages, type PipelineStage } from './pipeline.ts';
