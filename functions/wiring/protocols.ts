// Wiring: the open protocols' (OpenDSR, DRP) link store, signing key and identity.
import { config, tableName } from '../../shared/config.js';
import { once } from '../../shared/once.js';
import { ProtocolLinkStore } from '../../shared/protocols/link-store.js';
import type { ProtocolCancelDeps, ProtocolReadDeps } from '../../shared/protocols/protocol-deps.js';
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

/** This processor's domain: the host of the public base URL. */
export const processorDomain = /* @__PURE__ */ once(() => new URL(publicBaseUrl()).host);

/** The base URL the discovery documents point at. */
export const publicBaseUrl = /* @__PURE__ */ once(() => config('publicBaseUrl'));

/** The business id DRP agents address their messages to (`business-id`). */
export const drpBusinessId = /* @__PURE__ */ once(() => config('drpBusinessId'));
