// Workflow step: streams every system's exported records into one zip with JSON, CSV and a manifest.
import { bundleRequestExport } from '../../shared/fulfilment/bundle-request-export.js';
import { taskHandler } from '../../shared/workflow/task-handler.js';
import { bundleDeps } from '../wiring/workflow.js';
import { BundleInput } from './workflow.schema.js';

export const handler = taskHandler(BundleInput, (input) => bundleRequestExport(input, bundleDeps()));
