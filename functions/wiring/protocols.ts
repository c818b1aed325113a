// Wiring: the open protocols' (OpenDSR, DRP) link store, signing key and identity.
import { bucketName, config, ConfigError, tableName } from '../../shared/config.js';
import { NotFoundError } from '../../shared/errors.js';
import { S3ExportFiles } from '../../shared/fulfilment/export-download.js';
import type { DrpVerificationDeps } from '../../shared/protocols/drp-verification.js';
import type { OpenDsrProcessor } from '../../shared/protocols/opendsr.js';
import { once } from '../../shared/once.js';
import { ProtocolLinkStore } from '../../shared/protocols/link-store.js';
import type { ProtocolCancelDeps, ProtocolReadDeps } from '../../shared/protocols/protocol-deps.js';
import { KmsProcessorSigner } from '../../shared/protocols/kms-signer.js';
import { localProcessorSigner, processorKey, type ProcessorSigner } from '../../shared/protocols/signing.js';
import { now } from './aws.js';
import { operatorDeps } from './operator.js';
import { requestStore } from './requests.js';
import { confirmationDeps } from './confirmation.js';

/** OpenDSR and DRP records beside the requests, and the enrolled DRP agents. */
export const protocolLinks = /* @__PURE__ */ once(() => new ProtocolLinkStore({ tableName: tableName('protocolLinks') }));

/** What reading a protocol request needs: no more, so the reading functions hold no more grants. */
export const readDeps = /* @__PURE__ */ once((): ProtocolReadDeps => ({ links: protocolLinks(), store: requestStore(), now }));

/** What cancelling needs, acting as `actorId`. */
export function cancelDeps(actorId: string): ProtocolCancelDeps {
  return { ...readDeps(), operator: operatorDeps({ kind: 'system', id: actorId }) };
}

/**
 * What signs OpenDSR answers and callbacks: the KMS key in AWS (the private key never leaves KMS),
 * or the local runtime's key derived from its seed. Only the functions that sign build it.
 */
export const processorSigner = /* @__PURE__ */ once((): ProcessorSigner => {
  const keyId = config('openDsrSigningKeyId');
  if (keyId) return new KmsProcessorSigner(keyId);
  const seed = config('openDsrLocalSigningSeed');
  if (!seed) throw new ConfigError('The setting OPENDSR_SIGNING_KEY_ID is missing');
  return localProcessorSigner(processorKey(Buffer.from(seed, 'utf8')));
});

/**
 * The certificate processor_certificate serves (OpenDSR §6.3), from configuration alone: the one the
 * operator had issued for the KMS key, or the local runtime's self-signed one. No key is read here.
 */
export const processorCertificate = /* @__PURE__ */ once(() => {
  const pem = config('openDsrCertificatePem');
  if (!pem) throw new NotFoundError('This processor publishes no certificate yet: its operator has not configured one (openDsr.certificatePem).');
  return pem;
});

/** This processor's domain (OpenDSR §8.3): the host name of the public base URL, without a port. */
export const processorDomain = /* @__PURE__ */ once(() => new URL(publicBaseUrl()).hostname);

/** Where OpenDSR answers point: the signing domain and the public base URL. */
export const openDsrProcessor = /* @__PURE__ */ once((): OpenDsrProcessor => ({ domain: processorDomain(), publicBaseUrl: publicBaseUrl() }));

/** What handing a controller its results needs: reading, and the export bundles. */
export const resultsDeps = /* @__PURE__ */ once(() => ({ ...readDeps(), files: new S3ExportFiles(bucketName('data')) }));

/** The base URL the discovery documents point at. */
export const publicBaseUrl = /* @__PURE__ */ once(() => config('publicBaseUrl'));

/** The business id DRP agents address their messages to (`business-id`). */
export const drpBusinessId = /* @__PURE__ */ once(() => config('drpBusinessId'));

/** What the DRP verification page needs: the agents' links, and the verification of the request behind one. */
export const drpVerificationDeps = /* @__PURE__ */ once((): DrpVerificationDeps => ({ links: protocolLinks(), verification: confirmationDeps() }));
