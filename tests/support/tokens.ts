// Access tokens for tests, minted like Supabase Auth's with the local secret (or another, to forge one).
import { mintAccessToken, type MintOptions } from "../../local-stack/access-token.ts";
import type { TestUser } from "./db.ts";
import { LOCAL_JWT_SECRET } from "./env.ts";

export function tokenFor(user: TestUser, options: Partial<MintOptions> = {}): Promise<string> {
  return mintAccessToken(
    { id: user.id, email: user.email, app_metadata: user.app_metadata, user_metadata: user.user_metadata },
    { secret: LOCAL_JWT_SECRET, ...options },
  );
}
