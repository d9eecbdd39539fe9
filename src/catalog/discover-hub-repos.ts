import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { type ListHubModelsOptions, listHubModels } from '../sources/hf-hub/list-hub-models.ts';

/** A Hub repo of a catalog organisation's account that the catalog does not hold yet. */
export interface DiscoveredRepo {
  repo: string;
  org: string;
  account: string;
  /** When the repo was created on the Hub (ISO timestamp). */
  createdAt: string;
  downloads: number;
  likes: number;
  pipelineTag: string | null;
}

/**
 * The repos of the Hub accounts the catalog's organisations publish under (`hugging_face` in org.toml) created on
 * or after `since` (YYYY-MM-DD) and not in the catalog (neither a model's id nor one of its Hub repos), most
 * downloaded first. `org` restricts it to one organisation.
 */
export async function discoverHubRepos(
  catalog: { models: readonly Model[]; organizations: readonly Organization[] },
  opts: { since: string; org?: string | undefined } & Pick<
    ListHubModelsOptions,
    'hubUrl' | 'accessToken' | 'fetch'
  >,
): Promise<DiscoveredRepo[]> {
  const known = new Set(catalog.models.flatMap((m) => [m.id, ...m.huggingFace].map((k) => k.toLowerCase())));
  const orgs = catalog.organizations.filter((o) => opts.org === undefined || o.id === opts.org);
  const found = new Map<string, DiscoveredRepo>();
  for (const o of orgs) {
    for (const account of o.huggingFace) {
      for await (const m of listHubModels({ ...listOptions(opts), author: account })) {
        const createdAt = m.createdAt ?? null;
        if (!createdAt || createdAt.slice(0, 10) < opts.since || known.has(m.id.toLowerCase())) continue;
        found.set(m.id.toLowerCase(), {
          repo: m.id,
          org: o.id,
          account,
          createdAt,
          downloads: m.downloads ?? 0,
          likes: m.likes ?? 0,
          pipelineTag: m.pipeline_tag ?? null,
        });
      }
    }
  }
  return [...found.values()].sort((a, b) => b.downloads - a.downloads || a.repo.localeCompare(b.repo));
}

function listOptions(
  opts: Pick<ListHubModelsOptions, 'hubUrl' | 'accessToken' | 'fetch'>,
): ListHubModelsOptions {
  return {
    ...(opts.hubUrl ? { hubUrl: opts.hubUrl } : {}),
    ...(opts.accessToken ? { accessToken: opts.accessToken } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  };
}
