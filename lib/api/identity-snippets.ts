// How the site's back-end signs a user id for the page's opt-in (identity verification), in the three
// languages most site back-ends are written in. The API reference shows these; identity-snippets.test.ts
// runs each one the machine can (Node always, Python and PHP when installed) and checks its output
// against the server's own signature (lib/identity/signature.ts) for the vector below, which readers can
// check their own code against.

export const IDENTITY_VECTOR = {
  secret: "test-identity-secret",
  externalId: "user-42",
  signature: "9de69cb759728ae928361cdee62c53da10c69c56e84c66567467ca6c212ca804",
} as const;

export const IDENTITY_SNIPPETS: readonly { language: string; code: string }[] = [
  {
    language: "Node.js",
    code: `import { createHmac } from "node:crypto";

// PUSHBOARD_IDENTITY_SECRET: Settings → Identity verification
export function pushboardUserSignature(userId) {
  return createHmac("sha256", process.env.PUSHBOARD_IDENTITY_SECRET).update(userId, "utf8").digest("hex");
}`,
  },
  {
    language: "Python",
    code: `import hashlib, hmac, os

def pushboard_user_signature(user_id: str) -> str:
    secret = os.environ["PUSHBOARD_IDENTITY_SECRET"].encode()
    return hmac.new(secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()`,
  },
  {
    language: "PHP",
    code: `function pushboard_user_signature(string $userId): string {
    return hash_hmac('sha256', $userId, getenv('PUSHBOARD_IDENTITY_SECRET'));
}`,
  },
];
