// The middleware stack of the pages people open from an email: HTML in, HTML out, never a JSON error.
import { observability } from '../tracer.js';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { MiddlewareObj } from '@middy/core';
import { LOCALES, type Locale } from '../domain/request-model.js';
import type { PageController } from '../pages/layout.js';
import { acceptedLocale } from '../text/languages.js';
import { logger, loggableError } from '../logger.js';
import { HttpProblem } from './problem.js';
import { bodyLimit, correlation } from './middlewares.js';

/** Forms on these pages hold a few short fields. */
export const MAX_FORM_BYTES = 8 * 1024;

export interface PageInput {
  event: APIGatewayProxyEvent;
  context: Context;
  /** The submitted form fields (urlencoded), when the route takes a form. */
  form: Record<string, string | string[] | undefined>;
  /** The language the browser prefers, for pages that know no request yet. */
  locale: Locale;
  /** The browser's Accept-Language header, for a request whose language came only from its law's default. */
  acceptLanguage?: string;
  /** Who the pages speak for: the deployment's controller. */
  controller: PageController;
}

/** Renders the page for a refusal or a failure: `status` is the HTTP status it answers with. */
export type ErrorPage = (status: number, locale: Locale, controller: PageController) => APIGatewayProxyResult;

export interface PageOptions {
  /** Parse an urlencoded form body. */
  form?: boolean;
  errorPage: ErrorPage;
  /** The deployment's controller, read from configuration on first use (the wiring's `controller`). */
  controller: () => PageController;
}

/** The language of the browser's Accept-Language the system writes in (by q-value), English otherwise. */
export function preferredLocale(event: APIGatewayProxyEvent): Locale {
  return acceptedLocale(event.headers?.['accept-language'], LOCALES) ?? 'en';
}

function pageErrors({ errorPage, controller }: PageOptions): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      if (request.response != null || !request.error) return;
      const locale = preferredLocale(request.event);
      const error = request.error as Error & { statusCode?: number };
      const status = error instanceof HttpProblem ? error.status : typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) logger.error('Page failed', { error: loggableError(error) });
      else logger.info('Page refused', { status });
      request.response = errorPage(status, locale, controller());
    },
  };
}

/**
 * Wraps a page use case: header normalisation, Powertools Logger context (never the event: the
 * path holds the token), correlation id, a small body limit, urlencoded form parsing, and error
 * pages instead of problem documents.
 */
export function pageHandler(options: PageOptions, useCase: (input: PageInput) => Promise<APIGatewayProxyResult>) {
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(observability())
    .use(correlation())
    .use(bodyLimit(MAX_FORM_BYTES));
  if (options.form) chain.use(httpUrlencodeBodyParser({ disableContentTypeError: true }));
  return chain.use(pageErrors(options)).handler((event, context) => {
    const body = event.body as unknown;
    const form = body !== null && typeof body === 'object' ? (body as PageInput['form']) : {};
    const acceptLanguage = event.headers?.['accept-language'];
    return useCase({ event, context, form, locale: preferredLocale(event), controller: options.controller(), ...(acceptLanguage ? { acceptLanguage } : {}) });
  });
}
