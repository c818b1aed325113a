// Scheduled (EventBridge in AWS, a timer locally): sends OpenDSR and DRP status callbacks for every
// request whose status changed since its caller was last told.
import { observability } from '../../shared/tracer.js';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { config } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { callbackPoster, dispatchCallbacks, type CallbackProtocol, type DispatchSummary } from '../../shared/protocols/callbacks.js';
import { drpReportKey, drpStatusBody, isFinalDrpState } from '../../shared/protocols/drp.js';
import { isFinalOpenDsrStatus, openDsrStatus, openDsrStatusBody } from '../../shared/protocols/opendsr.js';
import type { Protocol } from '../../shared/protocols/link-store.js';
import { openDsrProcessor, protocolLinks, publicBaseUrl } from '../wiring/protocols.js';
import { requestStore } from '../wiring/requests.js';
import { openDsrSignatureHeaders } from './opendsr-http.js';

const protocols: Record<Protocol, CallbackProtocol> = {
  opendsr: {
    status: (request) => openDsrStatus(request.status),
    isFinal: isFinalOpenDsrStatus,
    body: (link, request, url) => ({ ...openDsrStatusBody(link, request, openDsrProcessor()), status_callback_url: url }),
    headers: openDsrSignatureHeaders,
  },
  drp: {
    status: drpReportKey,
    isFinal: isFinalDrpState,
    body: (link, request) => drpStatusBody(link, request, publicBaseUrl()),
    headers: async () => ({}),
  },
};

const post = callbackPoster(config('callbackPrivateAddresses'));

export const handler = middy<unknown, DispatchSummary, Error, Context>()
  .use(observability())
  .handler(async () => {
    const summary = await dispatchCallbacks({ links: protocolLinks(), store: requestStore(), protocols, post, now: () => new Date() });
    if (summary.delivered || summary.failed || summary.abandoned) logger.info('Callbacks dispatched', { ...summary });
    return summary;
  });
