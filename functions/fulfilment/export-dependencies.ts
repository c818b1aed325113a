// Wiring for export links: adapters created once per cold start, from configuration.
import { requireEnv } from '../../shared/config.js';
import { S3ExportFiles, type ExportDownloadDeps } from '../../shared/fulfilment/export-download.js';
import { EXPORT_LINKS } from '../../shared/fulfilment/export-links.js';
import { DynamoLinkStore } from '../../shared/links/link-store.js';
import { buckets, tables } from '../../shared/resources.js';

let links: DynamoLinkStore<'export'> | undefined;
let downloads: ExportDownloadDeps | undefined;

/** The export links in the tokens table: what issuing a link (finishing a request) needs. */
export function exportLinkStore(): DynamoLinkStore<'export'> {
  links ??= new DynamoLinkStore({ tableName: requireEnv(tables.tokens.envVar), ...EXPORT_LINKS });
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
