import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfig, type StackConfig } from '../../infra/config.js';
import { PAGE_CONTENT_TYPE } from '../../infra/constructs/gateway-responses.js';
import { DEMO_CONTROLLER } from '../../local/demo-controller.js';
import { PROBLEM_CONTENT_TYPE } from '../../shared/http/problem.js';
import { SUBJECT_PAGE_HEADERS } from '../../shared/pages/layout.js';
import { renderRefusalPage, type RefusalPageKind } from '../../shared/pages/subject-pages.js';
import { apiTemplate, buildStack } from '../support/stack.js';

/** The filled example configuration of a company that is not the demo. */
const EXAMPLE = { 'privacy-ops:demo': false, 'privacy-ops:configFile': 'docs/examples/privacy-ops.config.json' };

interface GatewayResponse {
  ResponseType: string;
  StatusCode?: string;
  ResponseParameters: Record<string, string>;
  ResponseTemplates: Record<string, string>;
}

function gatewayResponses(template: Template): Map<string, GatewayResponse> {
  const found = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')) as { Properties: GatewayResponse }[];
  return new Map(found.map(({ Properties }) => [Properties.ResponseType, Properties]));
}

/** The page each of API Gateway's own refusals shows a browser. */
const PAGES: Record<string, RefusalPageKind> = {
  THROTTLED: 'rate-limited',
  REQUEST_TOO_LARGE: 'too-large',
  DEFAULT_5XX: 'unavailable',
  DEFAULT_4XX: 'invalid',
  MISSING_AUTHENTICATION_TOKEN: 'invalid',
  ACCESS_DENIED: 'invalid',
  INVALID_SIGNATURE: 'invalid',
  EXPIRED_TOKEN: 'invalid',
};

describe("API Gateway's own refusals", () => {
  let responses: Map<string, GatewayResponse>;
  let config: StackConfig;

  beforeAll(() => {
    const { app, stack } = buildStack({ context: EXAMPLE });
    responses = gatewayResponses(apiTemplate(stack));
    config = readConfig(app.node);
  });

  it('answers every refusal it makes itself: throttling, a body too large, no route, a refused caller, and any other 4xx or 5xx', () => {
    // Assess
    expect([...responses.keys()].sort()).toStrictEqual([...Object.keys(PAGES), 'UNAUTHORIZED'].sort());
    expect(responses.get('THROTTLED')?.StatusCode).toBe('429');
    expect(responses.get('REQUEST_TOO_LARGE')?.StatusCode).toBe('413');
  });

  it("answers UNAUTHORIZED (the console authorizer's refusal) with 401: problem+json to a script, the console's sign-in page to a browser", () => {
    // Prepare
    const response = responses.get('UNAUTHORIZED')!;

    // Assess
    expect(response.StatusCode).toBe('401');
    expect(JSON.parse(response.ResponseTemplates[PROBLEM_CONTENT_TYPE]!)).toMatchObject({ type: 'urn:privacy-ops:problem:unauthorized', status: 401 });
    expect(response.ResponseTemplates[PAGE_CONTENT_TYPE]).toContain('<a href="/console/sign-in">Sign in</a>');
  });

  it.each(Object.entries(PAGES))(
    'answers %s with problem+json to a system and with the %s page to a browser, rendered as the configured controller in its languages',
    (type, kind) => {
      // Prepare
      const response = responses.get(type)!;

      // Act
      const page = response.ResponseTemplates[PAGE_CONTENT_TYPE]!;
      const problem = JSON.parse(response.ResponseTemplates[PROBLEM_CONTENT_TYPE]!);

      // Assess
      expect(Object.keys(response.ResponseTemplates).sort()).toStrictEqual(['application/json', PROBLEM_CONTENT_TYPE, PAGE_CONTENT_TYPE].sort());
      expect(response.ResponseTemplates['application/json']).toBe(response.ResponseTemplates[PROBLEM_CONTENT_TYPE]);
      expect(problem).toMatchObject({
        type: expect.stringMatching(/^urn:privacy-ops:problem:/),
        title: '$context.error.responseType',
        correlationId: '$context.requestId',
      });
      expect(page).toBe(renderRefusalPage(kind, config.languages, config.controller));
      expect(page).toContain('<html lang="de">');
      expect(page).toContain('<section class="also" lang="en">');
      expect(page).toContain(`<a href="${config.controller.privacyNoticeUrl}">Datenschutzhinweise</a>`);
      expect(page).toContain(config.controller.name);
      expect(page).not.toContain(DEMO_CONTROLLER.name);
      // Simple variable substitution is all a gateway template gets: the page must not hold a `$`.
      expect(page).not.toContain('$');
    },
  );

  it.each([...Object.keys(PAGES)])('lets the chosen template decide the content type of %s, and locks the page down as the functions do', (type) => {
    // Prepare
    const parameters = responses.get(type)!.ResponseParameters;
    const header = (name: string) => parameters[`gatewayresponse.header.${name}`];

    // Assess
    expect(Object.keys(parameters).map((key) => key.toLowerCase())).not.toContain('gatewayresponse.header.content-type');
    for (const name of ['cache-control', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security']) {
      expect(header(name)).toBe(`'${SUBJECT_PAGE_HEADERS[name]}'`);
    }
  });

  it("writes the page in the deployment's one language when it has one", () => {
    // Prepare
    const { stack } = buildStack({ context: { ...EXAMPLE, 'privacy-ops:languages': ['en'] } });

    // Act
    const page = gatewayResponses(apiTemplate(stack)).get('THROTTLED')!.ResponseTemplates[PAGE_CONTENT_TYPE]!;

    // Assess
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Too many attempts</h1>');
    expect(page).not.toContain('lang="de"');
  });
});
