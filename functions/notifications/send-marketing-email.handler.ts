// POST /v1/marketing-emails: sends a company's marketing mail, unless the address is suppressed, with RFC 8058 unsubscribe.
import { httpHandler } from '../../shared/http/handler.js';
import { jsonResult } from '../../shared/http/results.js';
import { withUnsubscribeFooter } from '../../shared/preferences/marketing-footer.js';
import { marketingMail } from '../../shared/preferences/unsubscribe.js';
import { marketingMailDeps } from '../wiring/marketing.js';
import { MarketingEmailBody } from './marketing.schema.js';

export const handler = httpHandler({ body: MarketingEmailBody }, async ({ body }) => {
  const { to, locale, campaign, ...content } = body;
  const result = await marketingMail(
    {
      to,
      locale,
      render: (links) => withUnsubscribeFooter(content, links, locale),
      ...(campaign ? { tags: { campaign } } : {}),
    },
    marketingMailDeps(),
  );
  return jsonResult(result.sent ? 202 : 200, result);
});
