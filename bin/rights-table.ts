// `npm run rights-table`: writes the table of every right × jurisdiction into docs/rights.md,
// between its marker comments, from the one table in code (shared/domain/rights-table.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRightsTable } from '../shared/domain/rights-table-markdown.js';

/** The page the table lives in. */
export const RIGHTS_DOC = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'docs', 'rights.md');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(RIGHTS_DOC, withRightsTable(readFileSync(RIGHTS_DOC, 'utf8')));
  console.log(`Wrote the rights table into ${RIGHTS_DOC}`);
}
