// Trust chains of the OpenID federation: whether an entity (an OpenID provider for the portal, the
// portal for a provider) belongs to a federation the portal trusts, and with what metadata. From
// the entity's configuration the resolver follows authority_hints upwards, fetching from each
// superior the statement it makes about the one below and checking every signature, until it
// reaches a configured trust anchor, whose keys are pinned in configuration (never taken from
// the network). The superiors' metadata policies are then applied to the entity's metadata. A
// resolved entity is kept until the earliest expiry in its chain.
import {
  fetchEntityConfiguration,
  fetchSubordinateList,
  fetchSubordinateStatement,
  FederationError,
  httpFetcher,
  normalizeEntityId,
  TRUST_MARK_TYPE,
  verifyStatement,
  type EntityStatement,
  type Fetcher,
  type Jwks,
} from './entity-statement.ts';
import { applyPolicy, combinePolicies, type TypePolicy } from './metadata-policy.ts';

export interface TrustAnchor {
  readonly entityId: string;
  /** The anchor's federation keys, pinned: a chain signed otherwise is refused. */
  readonly jwks: Jwks;
}

export interface ResolvedEntity {
  readonly entityId: string;
  readonly entityType: string;
  /** The entity's metadata of that type after the federation's policies. */
  readonly metadata: Record<string, unknown>;
  /** Its federation_entity metadata (organization_name, logo_uri...), as it states it. */
  readonly federationEntity: Record<string, unknown>;
  readonly trustAnchor: string;
  /** The chain's entity ids, from the entity to the anchor. */
  readonly path: readonly string[];
  /** Ids of the trust marks the anchor signed for the entity (checked). */
  readonly trustMarks: readonly string[];
  /** The earliest expiry in the chain (ms since the epoch): the result is valid until then. */
  readonly expiresAt: number;
}

interface Climb {
  /** The superiors' statements, from the one about the entity up to the one by the anchor. */
  statements: EntityStatement[];
  anchor: TrustAnchor;
  anchorConfiguration: EntityStatement;
}

const MAX_DEPTH = 5;

export interface TrustChainResolverOptions {
  anchors: readonly TrustAnchor[];
  now: () => Date;
  fetcher?: Fetcher;
}

export class TrustChainResolver {
  readonly #anchors: readonly TrustAnchor[];
  readonly #now: () => Date;
  readonly #fetcher: Fetcher;
  readonly #cache = new Map<string, ResolvedEntity>();
  readonly #pending = new Map<string, Promise<ResolvedEntity>>();

  constructor(options: TrustChainResolverOptions) {
    this.#anchors = options.anchors.map((a) => ({ entityId: normalizeEntityId(a.entityId), jwks: a.jwks }));
    this.#now = options.now;
    this.#fetcher = options.fetcher ?? httpFetcher;
  }

  get anchors(): readonly TrustAnchor[] {
    return this.#anchors;
  }

  /** The entity's metadata of `entityType`, through a chain to a trusted anchor (to `anchor` only, if given). */
  resolve(entityId: string, entityType: string, anchor?: string): Promise<ResolvedEntity> {
    const key = `${entityType} ${normalizeEntityId(entityId)} ${anchor ?? '*'}`;
    const cached = this.#cache.get(key);
    if (cached && cached.expiresAt > this.#now().getTime()) return Promise.resolve(cached);
    this.#cache.delete(key);
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#resolve(normalizeEntityId(entityId), entityType, anchor ? normalizeEntityId(anchor) : undefined)
        .then((resolved) => {
          this.#cache.set(key, resolved);
          return resolved;
        })
        .finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /** The entity ids a trusted anchor lists as its subordinates of a type (its federation_list_endpoint). */
  async listSubordinates(anchorId: string, entityType?: string): Promise<string[]> {
    const anchor = this.#anchors.find((a) => a.entityId === normalizeEntityId(anchorId));
    if (!anchor) throw new FederationError(`${anchorId} is not a configured trust anchor`);
    const configuration = await this.#anchorConfiguration(anchor, this.#now());
    return fetchSubordinateList(this.#fetcher, configuration, entityType);
  }

  /** Forgets every resolved entity (a configuration change, tests). */
  clear(): void {
    this.#cache.clear();
  }

  async #anchorConfiguration(anchor: TrustAnchor, now: Date): Promise<EntityStatement> {
    const { jwt } = await fetchEntityConfiguration(this.#fetcher, anchor.entityId, now);
    // checked again with the pinned keys: the keys an anchor publishes prove nothing
    return verifyStatement(jwt, anchor.jwks, { iss: anchor.entityId, sub: anchor.entityId, now });
  }

  async #resolve(entityId: string, entityType: string, onlyAnchor: string | undefined): Promise<ResolvedEntity> {
    const now = this.#now();
    const leaf = await fetchEntityConfiguration(this.#fetcher, entityId, now);
    const anchors = onlyAnchor ? this.#anchors.filter((a) => a.entityId === onlyAnchor) : this.#anchors;
    if (anchors.length === 0) throw new FederationError(`${onlyAnchor} is not a configured trust anchor`);
    const climb = await this.#climb(leaf, [], anchors, now, 0);

    const ownMetadata = leaf.statement.metadata?.[entityType];
    if (!ownMetadata) throw new FederationError(`${entityId} has no ${entityType} metadata`);
    // a superior may state metadata for its subordinate: it overrides what the entity says
    const stated = climb.statements[0]?.metadata?.[entityType] ?? {};
    const policies = [...climb.statements].reverse().map((s) => s.metadata_policy?.[entityType] as TypePolicy | undefined);
    const metadata = applyPolicy({ ...ownMetadata, ...stated }, combinePolicies(policies));
    const all = [leaf.statement, ...climb.statements, climb.anchorConfiguration];
    return Object.freeze({
      entityId,
      entityType,
      metadata,
      federationEntity: { ...(leaf.statement.metadata?.federation_entity ?? {}) },
      trustAnchor: climb.anchor.entityId,
      path: [entityId, ...climb.statements.map((s) => normalizeEntityId(s.iss))],
      trustMarks: await this.#trustMarks(leaf.statement, climb.anchor, now),
      expiresAt: Math.min(...all.map((s) => s.exp * 1000)),
    });
  }

  /** Up the authority hints, depth first, until a statement signed by a trusted anchor. */
  async #climb(current: { jwt: string; statement: EntityStatement }, below: EntityStatement[], anchors: readonly TrustAnchor[], now: Date, depth: number): Promise<Climb> {
    const hints = current.statement.authority_hints ?? [];
    let lastError: unknown = new FederationError(`${current.statement.sub} has no authority hint leading to a trusted anchor`);
    for (const hint of hints.map(normalizeEntityId)) {
      try {
        const anchor = anchors.find((a) => a.entityId === hint);
        const superior = anchor
          ? { jwt: '', statement: await this.#anchorConfiguration(anchor, now) }
          : await fetchEntityConfiguration(this.#fetcher, hint, now);
        const statement = await fetchSubordinateStatement(this.#fetcher, superior.statement, current.statement.sub, now, anchor?.jwks ?? superior.statement.jwks);
        // the entity's own configuration must be signed with a key its superior vouches for
        await verifyStatement(current.jwt, statement.jwks, { iss: current.statement.sub, sub: current.statement.sub, now });
        if (anchor) return { statements: [...below, statement], anchor, anchorConfiguration: superior.statement };
        if (depth + 1 >= MAX_DEPTH) throw new FederationError('trust chain too long');
        return await this.#climb(superior, [...below, statement], anchors, now, depth + 1);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** The trust marks the anchor issued to the entity; others (or broken ones) are left out. */
  async #trustMarks(leaf: EntityStatement, anchor: TrustAnchor, now: Date): Promise<string[]> {
    const ids: string[] = [];
    for (const mark of leaf.trust_marks ?? []) {
      try {
        const verified = await verifyStatement(String(mark.trust_mark), anchor.jwks, { iss: anchor.entityId, sub: leaf.sub, now, typ: TRUST_MARK_TYPE });
        const id = String(verified.trust_mark_id ?? verified.id ?? mark.id);
        if (id === mark.id) ids.push(id);
      } catch {
        // a mark that does not check out is not a mark
      }
    }
    return ids;
  }
}
