import { describe, expect, it } from 'vitest';
import { withUnsubscribeFooter } from '../../shared/preferences/marketing-footer.js';

const URL = 'https://privacy.example.com/v1/unsubscribe/abc';

describe('withUnsubscribeFooter', () => {
  it("adds the link to the text in the subject's language", () => {
    // Act
    const de = withUnsubscribeFooter({ subject: 'News', text: 'Hallo\n\n' }, URL, 'de');
    const en = withUnsubscribeFooter({ subject: 'News', text: 'Hello' }, URL, 'en');

    // Assess
    expect(de.text).toBe(`Hallo\n\n--\nSie möchten diese E-Mails nicht mehr erhalten? Abmelden:\n${URL}\n`);
    expect(en.text).toBe(`Hello\n\n--\nRather not receive these emails? Unsubscribe:\n${URL}\n`);
  });

  it('makes an HTML part from the text, escaped, paragraph by paragraph', () => {
    // Act
    const mail = withUnsubscribeFooter({ subject: 'News', text: 'A <b>bold</b> claim\nsecond line\n\nNext & last' }, URL, 'en');

    // Assess
    expect(mail.html).toBe(
      '<p>A &lt;b&gt;bold&lt;/b&gt; claim<br>second line</p>\n<p>Next &amp; last</p>\n' +
        `<p style="font-size:12px;color:#555"><a href="${URL}">Unsubscribe from these emails</a></p>`,
    );
  });

  it("puts the footer before </body> of the company's HTML, or at its end when there is none", () => {
    // Act
    const page = withUnsubscribeFooter({ subject: 'News', text: 'x', html: '<html><BODY>Hi</BODY ></html>' }, URL, 'en');
    const fragment = withUnsubscribeFooter({ subject: 'News', text: 'x', html: '<p>Hi</p>' }, URL, 'en');

    // Assess
    expect(page.html).toMatch(/^<html><BODY>Hi<p [^>]+><a href="[^"]+">Unsubscribe from these emails<\/a><\/p>\n<\/BODY ><\/html>$/);
    expect(fragment.html).toMatch(/^<p>Hi<\/p>\n<p [^>]+><a href/);
  });

  it("puts the preferences link beside the unsubscribe link, in text and HTML, in the subject's language", () => {
    // Prepare
    const preferencesUrl = 'https://privacy.example.com/v1/preferences/def';

    // Act
    const de = withUnsubscribeFooter({ subject: 'News', text: 'Hallo' }, { unsubscribeUrl: URL, preferencesUrl }, 'de');
    const en = withUnsubscribeFooter({ subject: 'News', text: 'Hello', html: '<p>Hello</p>' }, { unsubscribeUrl: URL, preferencesUrl }, 'en');

    // Assess
    expect(de.text).toBe(
      `Hallo\n\n--\nSie möchten diese E-Mails nicht mehr erhalten? Abmelden:\n${URL}\nIhre E-Mail-Einstellungen und Einwilligungen verwalten:\n${preferencesUrl}\n`,
    );
    expect(en.html).toBe(
      `<p>Hello</p>\n<p style="font-size:12px;color:#555"><a href="${URL}">Unsubscribe from these emails</a> · <a href="${preferencesUrl}">Manage my email preferences</a></p>`,
    );
  });
});
