import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../shared/text/html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    // Prepare
    const text = `<a href="x" title='y'>Tom &amp; Jerry</a>`;

    // Act
    const escaped = escapeHtml(text);

    // Assess
    expect(escaped).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp;amp; Jerry&lt;/a&gt;');
  });
});

describe('html', () => {
  it('escapes text holes, keeps nested markup, joins lists and drops empty values', () => {
    // Prepare
    const inner = html`<b>${'<i>'}</b>`;

    // Act
    const result = html`<p>${inner}${['<', html`<br>`, 2]}${false}${null}${undefined}</p>`;

    // Assess
    expect(result.value).toBe('<p><b>&lt;i&gt;</b>&lt;<br>2</p>');
  });
});
