// The download button's form post on the export link's page (shared/pages/export-pages.ts).
import * as z from 'zod';
import { DOWNLOAD_FIELD } from '../../shared/pages/export-pages.js';

export const DownloadForm = z
  .object({
    [DOWNLOAD_FIELD.name]: z.literal(DOWNLOAD_FIELD.value).optional().meta({ description: 'Sent by the button; the download is taken with or without it' }),
  })
  .meta({ id: 'DownloadForm', description: 'The download button of the export link page' });
