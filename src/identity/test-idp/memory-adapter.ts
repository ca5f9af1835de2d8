// Storage for the test provider's codes, tokens, sessions and grants: in memory, one store per
// provider instance (so that two apps in one process never share tokens), entries expiring
// on their own. A real provider would use a database; this one forgets everything at restart.

interface Entry {
  payload: Record<string, unknown>;
  expiresAt: number;
}

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** Clients not configured statically: a federation provider registers them automatically. */
export type ClientLookup = (clientId: string) => Promise<Record<string, unknown> | undefined>;

export function createMemoryAdapterClass(findClient?: ClientLookup) {
  const store = new Map<string, Entry>();
  const grants = new Map<string, Set<string>>();
  const index = new Map<string, string>();

  function live(key: string): Record<string, unknown> | undefined {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  return class MemoryAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
      const key = this.key(id);
      const expiresAt = Date.now() + (expiresIn ? expiresIn * 1000 : 3600_000);
      store.set(key, { payload, expiresAt });
      if (this.model === 'Session' && typeof payload.uid === 'string') index.set(`sessionUid:${payload.uid}`, id);
      if (typeof payload.userCode === 'string') index.set(`userCode:${payload.userCode}`, id);
      if (GRANTABLE.has(this.model) && typeof payload.grantId === 'string') {
        const keys = grants.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        grants.set(payload.grantId, keys);
      }
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client' && findClient) return findClient(id);
      return live(this.key(id));
    }

    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      const id = index.get(`sessionUid:${uid}`);
      return id ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      const id = index.get(`userCode:${userCode}`);
      return id ? this.find(id) : undefined;
    }

    async consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) store.delete(key);
      grants.delete(grantId);
    }
  };
}
