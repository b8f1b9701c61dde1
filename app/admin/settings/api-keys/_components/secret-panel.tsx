"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** A new key's secret, the only time it is shown: Pushboard keeps nothing it could show again. */
export function SecretPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      className="space-y-3 rounded-md border border-emerald-500/40 bg-emerald-50 p-4 dark:bg-emerald-500/10"
      data-testid="api-key-secret"
    >
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-300">
        Key “{name}” created. Copy its secret now: you will not see it again.
      </p>
      <div className="flex gap-2">
        <Input
          readOnly
          value={secret}
          aria-label={`Secret of the key ${name}`}
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-muted text-xs">
        Send it as <code className="font-mono">Authorization: Bearer {secret.slice(0, 11)}…</code>. Keep it on your
        server: anyone holding it can do what its scopes allow.
      </p>
      <Button size="sm" variant="ghost" onClick={onDone}>
        I have stored it
      </Button>
    </div>
  );
}
