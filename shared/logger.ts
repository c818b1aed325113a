// One structured logger per process. It logs ids and outcomes, never people or whole events.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'privacy-ops' });
