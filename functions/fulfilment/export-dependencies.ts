// Wiring for export links: adapters created once per cold start, from configuration.
import { requireEnv } from '../../shared/config.js';
import { S3ExportFiles, type ExportDownloadDeps } from '../../shared/fulfilment/export-download.js';
import { DynamoExportLinkStore } from '../../shared/fulfilment/export-links.js';
import { buckets, tables } from '../../shared/resources.js';

let links: DynamoExportLinkStore | undefined;
let downloads: ExportDownloadDeps | undefined;

/** The export links in the tokens table: what issuing a link (finishing a request) needs. */
export function exportLinkStore(): DynamoExportLinkStore {
  links ??= new DynamoExportLinkStore(requireEnv(tables.tokens.envVar));
  return links;
}

/** What following an export link needs: the links, and the bundles in the data bucket. */
export function exportDownloadDeps(): ExportDownloadDeps {
  downloads ??= {
    links: exportLinkStore(),
    files: new S3ExportFiles(requireEnv(buckets.data.envVar)),
    now: () => new Date(),
  };
  return downloads;
}
