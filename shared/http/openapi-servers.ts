// The servers an OpenAPI document lists: apart from the document's builder, so that serving the
// generated document loads none of zod-to-openapi.

export interface OpenApiServer {
  url: string;
  description: string;
}

/** The servers a document lists: the deployment's public base URL, and the local runtime's when it differs. */
export function documentServers(publicBaseUrl: string): OpenApiServer[] {
  const local = { url: 'http://localhost:3000', description: 'The local runtime (`npm start`; PORT changes the port)' };
  const url = publicBaseUrl.replace(/\/+$/, '');
  const isLocal = ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  const deployment = { url, description: isLocal ? 'This local runtime' : 'This deployment' };
  return deployment.url === local.url ? [local] : [deployment, local];
}
