// The policies page's one script, served from this origin (CSP script-src 'self'): it asks the
// console's progress route about each running campaign every few seconds and moves its bar and
// figures, until the campaign stops running. The texts come from the route (campaignBar), so the
// page reads the same with the script as without it.
import type { APIGatewayProxyResult } from 'aws-lambda';

/** How often the script asks, in milliseconds. */
export const PROGRESS_POLL_MS = 2000;

export const PROGRESS_SCRIPT = `'use strict';
(() => {
  const every = ${PROGRESS_POLL_MS};
  const show = (panel, bar) => {
    for (const name of ['sent', 'suppressed', 'failed']) {
      const cell = panel.querySelector('[data-figure="' + name + '"]');
      if (cell) cell.textContent = String(bar.status[name]);
    }
    const reached = panel.querySelector('[data-figure="reached"]');
    if (reached) reached.textContent = String(bar.reached);
    const summary = panel.querySelector('[data-figure="summary"]');
    if (summary && summary.textContent !== bar.summary) summary.textContent = bar.summary;
    const paused = panel.querySelector('[data-figure="paused"]');
    if (paused) {
      paused.textContent = bar.paused || '';
      paused.hidden = !bar.paused;
    }
    const progress = panel.querySelector('progress');
    if (progress && bar.finished) {
      progress.max = Math.max(bar.reached, 1);
      progress.value = Math.max(bar.reached, 1);
      progress.textContent = 'complete';
    } else if (progress && bar.live && bar.estimate) {
      progress.max = bar.estimate;
      progress.value = bar.reached;
      progress.textContent = bar.reached + ' of about ' + bar.estimate;
    }
    for (const cell of document.querySelectorAll('[data-state-of]')) {
      if (cell.dataset.stateOf === panel.dataset.campaign) cell.textContent = bar.status.state;
    }
    const refresh = panel.querySelector('[data-figure="refresh"]');
    if (refresh) refresh.hidden = !bar.live;
    panel.dataset.live = bar.live ? 'true' : 'false';
  };
  const follow = (panel) => {
    const url = '/console/policies/' + encodeURIComponent(panel.dataset.campaign) + '/campaign';
    const ask = async () => {
      try {
        const answer = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
        if (!answer.ok) return;
        const bar = await answer.json();
        show(panel, bar);
        if (bar.live) setTimeout(ask, every);
      } catch {
        setTimeout(ask, every * 3);
      }
    };
    setTimeout(ask, every);
  };
  for (const panel of document.querySelectorAll('[data-campaign][data-live="true"]')) follow(panel);
})();
`;

/** The script as the browser gets it. */
export function progressScript(): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    },
    body: PROGRESS_SCRIPT,
  };
}
