// What the open-protocol use cases need: reading, filing and cancelling each take only their part.
import type { FileRequestDeps } from '../requests/file-request.js';
import type { OperatorDeps } from '../requests/operator-actions.js';
import type { RequestRecord } from '../requests/record.js';
import type { RequestStore } from '../requests/request-store.js';
import type { ProtocolLinkStore } from './link-store.js';

/** What reading a protocol request needs. */
export interface ProtocolReadDeps {
  links: ProtocolLinkStore;
  store: RequestStore;
  now: () => Date;
}

/** What filing one needs besides. */
export interface ProtocolFileDeps extends ProtocolReadDeps {
  filing: FileRequestDeps;
  /** What happens after intake, as for any filed request: the confirmation mail, or fulfilment at once. */
  afterFiled: (request: RequestRecord) => Promise<RequestRecord>;
  /** The display names of OpenDSR controllers by their id (openDsr.controllers); a controller not named is named in no mail. */
  openDsrControllers?: Readonly<Record<string, string>>;
}

/** What cancelling one needs besides. */
export interface ProtocolCancelDeps extends ProtocolReadDeps {
  operator: OperatorDeps;
}
