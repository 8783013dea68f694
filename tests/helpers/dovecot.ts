// The Dovecot harness lives in the bridge's testing subpath so the ingest benchmark can use it too.
export * from '@wharf/mail-bridge/testing';
