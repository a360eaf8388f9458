/**
 * Sender endpoints: the path a sender channel is served at, and matching a request path against
 * it. Pure: no 'vscode', no Node built-ins (the logs analysis and the project model use it too).
 */
import type { IFlowProperty, ParameterSet, SenderEndpoint } from '../model';
import { resolveParameters } from './parameters';

/** Where each adapter keeps its sender address, and the path prefix the tenant serves it under. */
const ENDPOINT_SOURCES: Readonly<Record<string, { key: string; prefix: string }>> = {
  HTTPS: { key: 'urlPath', prefix: '/http' },
  SOAP: { key: 'address', prefix: '/cxf' },
  IDOC: { key: 'address', prefix: '/cxf' },
  XI: { key: 'Address_inbound', prefix: '/cxf' },
  AS2: { key: 'address', prefix: '/as2' },
};

/** The property key that holds an adapter's sender address, or undefined when it has none the tool knows. */
export function endpointKeyOf(adapter: string): string | undefined {
  return ENDPOINT_SOURCES[adapter.trim().toUpperCase()]?.key;
}

/** A request path without its query string or fragment. */
export function pathOfRequest(path: string): string {
  const cut = path.search(/[?#]/);
  return cut < 0 ? path : path.slice(0, cut);
}

/**
 * The endpoint of a sender channel of this adapter, from its properties. Undefined for adapters
 * without an address the tool knows (the OData sender's service path is not read: its keys were
 * not seen in real files), and when the address key is absent.
 */
export function endpointOf(adapter: string, properties: ReadonlyMap<string, IFlowProperty>, parameters: ParameterSet): SenderEndpoint | undefined {
  const source = ENDPOINT_SOURCES[adapter.trim().toUpperCase()];
  const property = source && properties.get(source.key);
  if (!source || !property) return undefined;
  const resolved = resolveParameters(property.value, parameters);
  const endpoint: SenderEndpoint = { wildcard: false, property, unresolved: resolved.unresolved };
  if (resolved.unresolved.length > 0) return endpoint;
  let address = pathOfRequest(resolved.value.trim());
  if (address === '') return endpoint;
  if (!address.startsWith('/')) address = `/${address}`;
  endpoint.path = source.prefix + address;
  endpoint.wildcard = address.endsWith('/*');
  return endpoint;
}

export type EndpointMatch = 'exact' | 'wildcard';

/**
 * Whether a request path reaches an endpoint: `exact` when the paths are equal, `wildcard` when
 * the endpoint ends in `/*` and the path is its prefix followed by `/` and anything (the bare
 * prefix is not served). The request's query string is ignored; paths are case-sensitive.
 */
export function matchEndpoint(endpoint: Pick<SenderEndpoint, 'path' | 'wildcard'>, requestPath: string): EndpointMatch | undefined {
  if (endpoint.path === undefined) return undefined;
  const path = pathOfRequest(requestPath);
  if (path === endpoint.path) return 'exact';
  if (!endpoint.wildcard) return undefined;
  const prefix = endpoint.path.slice(0, -1); // keeps the '/'
  return path.startsWith(prefix) ? 'wildcard' : undefined;
}

/**
 * The items (channels, or anything with an endpoint) that serve a request path: those whose
 * endpoint equals it when there are any (an exact address wins over a wildcard), else those whose
 * wildcard matches, the most specific (longest prefix) first. Empty when none serves it.
 */
export function endpointsServing<T>(requestPath: string, items: Iterable<T>, endpointOfItem: (item: T) => Pick<SenderEndpoint, 'path' | 'wildcard'> | undefined): { match?: EndpointMatch; items: T[] } {
  const exact: T[] = [];
  const wildcard: Array<{ item: T; length: number }> = [];
  for (const item of items) {
    const endpoint = endpointOfItem(item);
    const match = endpoint && matchEndpoint(endpoint, requestPath);
    if (match === 'exact') exact.push(item);
    else if (match === 'wildcard') wildcard.push({ item, length: endpoint!.path!.length });
  }
  if (exact.length > 0) return { match: 'exact', items: exact };
  if (wildcard.length > 0) return { match: 'wildcard', items: wildcard.sort((a, b) => b.length - a.length).map((w) => w.item) };
  return { items: [] };
}

/**
 * The endpoint as people read it: the path, else the address with its unresolved
 * `{{parameters}}` ("{{apiEndpoint}} (no value)"); undefined when the channel has no address.
 */
export function describeEndpoint(endpoint: SenderEndpoint | undefined): string | undefined {
  if (!endpoint) return undefined;
  if (endpoint.path !== undefined) return endpoint.path;
  if (endpoint.unresolved.length > 0) return `${endpoint.property.value.trim()} (no value in parameters.prop)`;
  return `(empty ${endpoint.property.key})`;
}
