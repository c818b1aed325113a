// A person at the local stand-in identity provider, driven with fetch and a cookie jar: from the
// authorization URL privacy-ops sent them to, through its sign-in page, back to privacy-ops' callback.

/** Follows the provider's redirects, keeping its cookies, until one leads away from it; returns that URL. */
export async function signInAtProvider(authorizationUrl: string, choice: { person: string } | 'cancel'): Promise<string> {
  const provider = new URL(authorizationUrl).origin;
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  };
  const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookie() } });
    keep(response);
    return response;
  };
  let response = await go(authorizationUrl);
  let interaction: string | undefined;
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, provider);
      if (next.origin !== provider) return next.href;
      response = await go(next.href);
      continue;
    }
    const page = await response.text();
    if (response.status !== 200 || interaction) throw new Error(`The provider answered ${response.status}: ${page.slice(0, 200)}`);
    const action = choice === 'cancel' ? /action="(\/interaction\/[\w-]+\/abort)"/.exec(page)?.[1] : /action="(\/interaction\/[\w-]+\/login)"/.exec(page)?.[1];
    if (!action) throw new Error('No sign-in form at the provider');
    interaction = action;
    const body = choice === 'cancel' ? '' : new URLSearchParams({ person: choice.person }).toString();
    response = await go(new URL(action, provider).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }
  throw new Error('The provider redirected too often');
}
