// Wiring: the open protocols' (OpenDSR, DRP) link store, signing key and identity.
import { bucketName, config, tableName } from '../../shared/config.js';
import { S3ExportFiles } from '../../shared/fulfilment/export-download.js';
import type { OpenDsrProcessor } from '../../shared/protocols/opendsr.js';
import { once } from '../../shared/once.js';
import { ProtocolLinkStore } from '../../shared/protocols/link-store.js';
import type { ProtocolCancelDeps, ProtocolReadDeps } from '../../shared/protocols/protocol-deps.js';
import { selfSignedCertificate } from '../../shared/protocols/certificate.js';
import { processorKey } from '../../shared/protocols/signing.js';
import { protocolSigningKey } from '../../shared/secrets.js';
import { now } from './aws.js';
import { operatorDeps } from './operator.js';
import { requestStore } from './requests.js';

/** OpenDSR and DRP records beside the requests, and the enrolled DRP agents. */
export const protocolLinks = /* @__PURE__ */ once(() => new ProtocolLinkStore({ tableName: tableName('protocolLinks') }));

/** What reading a protocol request needs: no more, so the reading functions hold no more grants. */
export const readDeps = /* @__PURE__ */ once((): ProtocolReadDeps => ({ links: protocolLinks(), store: requestStore(), now }));

/** What cancelling needs, acting as `actorId`. */
export function cancelDeps(actorId: string): ProtocolCancelDeps {
  return { ...readDeps(), operator: operatorDeps({ kind: 'system', id: actorId }) };
}

/** The processor's signing key, derived once per cold start from its secret. */
export const signingKey = /* @__PURE__ */ once(() => protocolSigningKey().then(processorKey));

/**
 * The certificate processor_certificate serves (OpenDSR §6.3): self-signed for the processor's key,
 * made once per cold start, issued to the processor domain in the controller's name.
 */
export const processorCertificate = /* @__PURE__ */ once(async () =>
  selfSignedCertificate(await signingKey(), { domain: processorDomain(), organization: config('controller').name, now: new Date() }),
);

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
