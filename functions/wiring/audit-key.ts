// Wiring: the audit key that seals and checks the audit chains and their anchors.
import { auditKeySource } from '../../shared/config.js';
import type { ChainKey } from '../../shared/audit/chain.js';
import { KmsChainKey, LocalChainKey } from '../../shared/audit/chain-key.js';
import { once } from '../../shared/once.js';

/** The audit key: the KMS HMAC key in AWS, the runtime's key material locally. */
const auditKey = /* @__PURE__ */ once((): ChainKey => {
  const source = auditKeySource();
  return 'value' in source ? new LocalChainKey(Buffer.from(source.value, 'utf8')) : new KmsChainKey(source.arn);
});

/**
 * The audit key, resolved at its first use: functions that only read chains build the request
 * store too, and are given neither the key nor its ARN.
 */
export const chainKey: ChainKey = {
  mac: (digest) => auditKey().mac(digest),
  verify: (digest, mac) => auditKey().verify(digest, mac),
};
