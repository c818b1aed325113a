// GET /v1/deadlines: the dates a request would get, before anything is filed.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { previewDeadlines } from '../../shared/requests/deadline-preview.js';
import { jurisdictionCalendars } from '../wiring/calendars.js';
import { DeadlinesQuery } from './deadlines.schema.js';

export const handler = httpHandler({ query: DeadlinesQuery }, async ({ query }) => {
  const { receivedAt, purposes, ...rest } = query;
  return jsonResult(200, previewDeadlines({ ...rest, receivedAt: new Date(receivedAt), ...(purposes ? { purposes } : {}) }, jurisdictionCalendars()));
});
